import { mount } from "svelte";
import App from "./App.svelte";
import "./app/styles/app.css";

const target = document.getElementById("app");
if (!target) throw new Error('The page has no element with id "app" to mount Tunelab into');

export default mount(App, { target });
