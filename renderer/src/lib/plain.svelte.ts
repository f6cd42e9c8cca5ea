// The "Show other containers" switch (remembered across starts) and the model the topology draws with it: podlab's
// plain groups always, anyone else's containers only while the switch is on.
import type { Model } from '../../../shared/model';

const KEY = 'podlab.showOthers';

function initial(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'false';
  } catch {
    return true;
  }
}

export const plainView = $state({ showOthers: typeof window === 'undefined' ? true : initial() });

export function setShowOthers(on: boolean): void {
  plainView.showOthers = on;
  try {
    localStorage.setItem(KEY, String(on));
  } catch {
    // not remembered, still applied
  }
}

/** The model without others' containers when the switch is off. */
export function withOthers(model: Model, show: boolean): Model {
  if (show || !model.plainContainers) return model;
  return { ...model, plainContainers: model.plainContainers.filter((c) => c.group !== null) };
}
