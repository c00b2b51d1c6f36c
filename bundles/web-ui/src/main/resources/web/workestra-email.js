// Workestra Email web components: one script defines every element of shared/UI.md.
//   <script type="module" src="/email/ui/workestra-email.js"></script>
// The stylesheet next to this file is added to the page once.
const css = new URL('./workestra-email.css', import.meta.url).href;
if (!document.querySelector(`link[href="${css}"]`)) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = css;
  document.head.append(link);
}
import './connections.js';
import './inbox.js';
import './compose.js';
import './email-panel.js';
import './workspace-email.js';
