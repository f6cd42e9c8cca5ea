// Renderer entry: mounts the Svelte app.
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('podlab: #app element missing');
export default mount(App, { target });
