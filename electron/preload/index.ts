// Preload bridge: exposes ONE typed API (window.podlab, built in bridge.ts) to the sandboxed renderer; nothing else
// of Node or IPC.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('podlab', createBridge(ipcRenderer));
