// Renderer entry: picks the transport, binds the store to it, and mounts the Svelte app.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { setClient } from './lib/api';
import { createClient } from './lib/client';
import { bind } from './lib/store.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('podlab: #app element missing');
const client = createClient();
setClient(client);
bind(client);
export default mount(App, { target });
