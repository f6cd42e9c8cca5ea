// Preload bridge: exposes podlab's typed API to the renderer (placeholder).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('podlab', {});
