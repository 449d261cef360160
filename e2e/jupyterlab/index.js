// The JupyterLab front end that Methodic's end-to-end test drives:
// JupyterLab 3.6.8's application with the extensions listed in
// package.json, started the way jupyterlab_server expects.
import { PageConfig } from '@jupyterlab/coreutils';

// Chunks and assets load from the server's static URL.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

// Keep in step with "jupyterlab" in package.json: webpack needs each
// import written out.
function extensions() {
  return Promise.all([
    import('@jupyterlab/application-extension'),
    import('@jupyterlab/apputils-extension'),
    import('@jupyterlab/codemirror-extension'),
    import('@jupyterlab/completer-extension'),
    import('@jupyterlab/console-extension'),
    import('@jupyterlab/docmanager-extension'),
    import('@jupyterlab/filebrowser-extension'),
    import('@jupyterlab/fileeditor-extension'),
    import('@jupyterlab/help-extension'),
    import('@jupyterlab/imageviewer-extension'),
    import('@jupyterlab/inspector-extension'),
    import('@jupyterlab/launcher-extension'),
    import('@jupyterlab/mainmenu-extension'),
    import('@jupyterlab/markdownviewer-extension'),
    import('@jupyterlab/mathjax2-extension'),
    import('@jupyterlab/notebook-extension'),
    import('@jupyterlab/rendermime-extension'),
    import('@jupyterlab/running-extension'),
    import('@jupyterlab/shortcuts-extension'),
    import('@jupyterlab/statusbar-extension'),
    import('@jupyterlab/theme-light-extension'),
    import('@jupyterlab/tooltip-extension'),
    import('@jupyterlab/translation-extension'),
    import('@jupyterlab/ui-components-extension')
  ]);
}

function mimeExtensions() {
  return Promise.all([import('@jupyterlab/json-extension')]);
}

async function start() {
  await import('./build/style.js');
  const { JupyterLab } = await import('@jupyterlab/application');
  const lab = new JupyterLab({ mimeExtensions: await mimeExtensions() });
  lab.registerPluginModules(await extensions());
  await lab.start();
  await lab.restored;
  // The test reads the application's state through this, and waits for
  // the attribute before it starts.
  window.methodicLab = lab;
  document.body.dataset.methodicLab = 'ready';
}

window.addEventListener('load', () => {
  start().catch(err => {
    console.error('methodic: JupyterLab did not start', err);
    document.body.dataset.methodicLab = 'failed: ' + err;
  });
});
