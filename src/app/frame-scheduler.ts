/** Animation frames behind a small interface, so what schedules work on them can be tested in Node. */
export type FrameScheduler = {
  request: (callback: () => void) => number;
  cancel: (id: number) => void;
};

export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (id) => cancelAnimationFrame(id),
};
