// The manifest editor's CodeMirror 6 setup (loaded on first use, so the app starts without it): YAML highlighting,
// line numbers, the app's colours, and validation issues marked at the line of their field path.
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { rangeOfPath, warningPath } from '../../../shared/manifest/lines';

export interface EditorIssues {
  errors: { path: string; message: string }[];
  warnings: string[];
}

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--panel-2)', color: 'var(--fg)', border: '1px solid var(--border)', borderRadius: '6px', fontSize: '12.5px', height: '100%' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
});

export interface ManifestEditor {
  view: EditorView;
  setText(text: string): void;
  showIssues(issues: EditorIssues | null): void;
  setInvalid(invalid: boolean | undefined): void;
  destroy(): void;
}

export function createManifestEditor(parent: HTMLElement, text: string, onChange: (text: string) => void, attrs: Record<string, string>): ManifestEditor {
  const contentAttrs = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        theme,
        EditorView.lineWrapping,
        contentAttrs.of(EditorView.contentAttributes.of(attrs)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setText(next) {
      if (next !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    showIssues(issues) {
      view.dispatch(setDiagnostics(view.state, issues ? diagnostics(view.state.doc.toString(), issues) : []));
    },
    setInvalid(invalid) {
      view.dispatch({ effects: contentAttrs.reconfigure(EditorView.contentAttributes.of(invalid === undefined ? attrs : { ...attrs, 'aria-invalid': String(invalid) })) });
    },
    destroy: () => view.destroy(),
  };
}

/** Each error and warning at the line of its field path (kept in the message); one without a path at the top. */
export function diagnostics(text: string, issues: EditorIssues): Diagnostic[] {
  const at = (path: string | null): { from: number; to: number } => {
    const r = path ? rangeOfPath(text, path) : null;
    return r ?? { from: 0, to: Math.min(text.length, Math.max(1, text.indexOf('\n'))) };
  };
  return [
    ...issues.errors.map((e): Diagnostic => ({ ...at(e.path), severity: 'error', message: `${e.path}: ${e.message}` })),
    ...issues.warnings.map((w): Diagnostic => ({ ...at(warningPath(w)), severity: 'warning', message: w })),
  ].filter((d) => d.to <= text.length);
}
