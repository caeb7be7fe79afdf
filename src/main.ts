import { mount } from "svelte";
import App from "./App.svelte";
import "./app/styles/app.css";

const target = document.getElementById("app");
if (!target) throw new Error('The page has no element with id "app" to mount Tunelab into');

// Mounted in a task of its own, after the one that evaluated the modules: the two together made one
// main-thread task of about 150 ms on the first load.
setTimeout(() => mount(App, { target }), 0);
