// Entry point for `probot run` (npm start): the app with production defaults.
import { createApp } from "./app.js";

export default createApp();
