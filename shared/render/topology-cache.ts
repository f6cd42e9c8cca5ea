// Keeps each pod's drawn part between two drawings of the topology: a pod whose object, place and selection are the
// same is not drawn again, and its part keeps its identity, so a view redraws the one pod that changed out of a hundred.
import type { PodModel } from '../model';
import type { PodBox } from './topology-layout';

export interface TopologyPart {
  key: string;
  svg: string;
}

export class PodPartCache {
  private parts = new WeakMap<PodModel, { sig: string; part: TopologyPart }>();
  private context = '';

  /** Forgets every part when what all of them are drawn with (theme, labels, interactivity) changed. */
  use(context: string): void {
    if (context === this.context) return;
    this.context = context;
    this.parts = new WeakMap();
  }

  /** The pod's part: the one drawn before when its box and selection are unchanged, else `draw()`'s (kept). */
  part(box: PodBox, selected: string, draw: () => TopologyPart): TopologyPart {
    const sig = `${box.x},${box.y},${box.width},${box.height}|${selected}|${box.conflictLines.join('\n')}`;
    const kept = this.parts.get(box.pod);
    if (kept && kept.sig === sig) return kept.part;
    const part = draw();
    this.parts.set(box.pod, { sig, part });
    return part;
  }
}
