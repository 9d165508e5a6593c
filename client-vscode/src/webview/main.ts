// Page entry point, bundled to dist/webview/explain-view.js.
import { ExplainView, type WebviewHost } from './explain-view';

declare function acquireVsCodeApi(): WebviewHost;

new ExplainView(document, acquireVsCodeApi()).attach(window);
