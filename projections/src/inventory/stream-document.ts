// The single-stream guard lives in the runtime; inventory's projections use it from here.
export { applyToStreamDocument, type RenderStreamDocument, type StreamDocument } from '../runtime/stream-document.ts';
