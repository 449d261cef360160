package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/methodic-go/methodic/notebooks"
)

// labServer is JupyterLab 3.6.8's front end, built from e2e/jupyterlab,
// served by Debian's jupyterlab_server on 127.0.0.1 with the methodic
// kernelspec installed.
type labServer struct {
	url, token, root string
}

// startLabServer serves JupyterLab on a free port of 127.0.0.1 with root
// as its directory, and stops it when the test ends.
func startLabServer(t *testing.T, root string) *labServer {
	t.Helper()
	requirePython(t, "python3-jupyterlab-server", "jupyterlab_server", "jupyter_server")
	build := labBuild(t)
	env := append(jupyterEnv(t),
		"METHODIC_LAB_BUILD="+build,
		"METHODIC_LAB_STATE="+t.TempDir(),
		// The kernel logs each request it receives and each status it
		// publishes; the server's log (shown when the test fails) then
		// tells whether a cell that never ran ever reached the kernel.
		"METHODIC_LOG_LEVEL=debug",
	)
	port := freePort(t)
	token := randomToken()
	args := []string{filepath.Join(repoRoot(t), "e2e", "jupyterlab", "serve.py"),
		"--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--ServerApp.token=" + token, "--ServerApp.root_dir=" + root}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root") // CI and containers run as root
	}
	s := &labServer{url: fmt.Sprintf("http://127.0.0.1:%d", port), token: token, root: root}
	serve(t, "the JupyterLab server", env, python, args, s.url+"/api/status?token="+token)
	return s
}

func randomToken() string {
	var tok [16]byte
	rand.Read(tok[:])
	return hex.EncodeToString(tok[:])
}

// labJS is the page-side half of the test: it reads JupyterLab's state
// through the application object that index.js exposes, and records
// events in the order the page sees them.
const labJS = `window.mlab = (() => {
  const app = () => window.methodicLab;
  const panel = () => {
    const w = app().shell.currentWidget;
    return w && w.content && w.sessionContext ? w : null;
  };
  const kernel = () => {
    const p = panel();
    const s = p && p.sessionContext.session;
    return s ? s.kernel : null;
  };
  const status = () => { const k = kernel(); return k ? k.status : 'none'; };
  const cells = () => panel().content.widgets;
  const code = () => cells().filter(c => c.model.type === 'code');
  const prompt = c => (c.node.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim();
  const settled = () => !!panel() && panel().context.isReady && status() === 'idle' &&
    !code().some(c => prompt(c).includes('*'));
  const active = () => panel().content.activeCell;
  const outputs = c => {
    const r = [];
    for (let i = 0; i < c.model.outputs.length; i++) r.push(c.model.outputs.get(i).toJSON());
    return r;
  };
  const center = e => {
    if (!e) return false;
    e.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  };
  const menu = (label, command) => {
    const open = document.querySelector('.lm-Menu [data-command="' + command + '"]');
    if (open) return open;
    return Array.from(document.querySelectorAll('.lm-MenuBar-item'))
      .find(e => e.textContent.trim() === label);
  };
  const tab = label => Array.from(document.querySelectorAll('.lm-DockPanel .lm-TabBar-tab'))
    .find(t => t.querySelector('.lm-TabBar-tabLabel').textContent.trim() === label);
  const toolbarButton = re => Array.from(panel().toolbar.node.querySelectorAll('[title]'))
    .find(e => re.test(e.title));
  // The events of one cell's run, in the order the page sees them.
  const log = [];
  let unwatch = () => {};
  const watch = cell => {
    unwatch();
    log.length = 0;
    const k = kernel();
    const onStatus = (_, s) => log.push('status:' + s);
    const onOutputs = () => log.push('outputs:' + outputs(cell).map(o => o.output_type).join(','));
    const onClick = e => { if (e.target.closest('[title^="Interrupt"]')) log.push('interrupt'); };
    k.statusChanged.connect(onStatus);
    cell.model.outputs.changed.connect(onOutputs);
    document.addEventListener('mousedown', onClick, true);
    unwatch = () => {
      k.statusChanged.disconnect(onStatus);
      cell.model.outputs.changed.disconnect(onOutputs);
      document.removeEventListener('mousedown', onClick, true);
    };
  };
  // The kernel's statuses from now on, in order.
  const statuses = [];
  // The kernel connection's statuses (connecting, connected, ...).
  const conns = [];
  let unwatchStatus = () => {};
  const watchStatus = () => {
    unwatchStatus();
    statuses.length = 0;
    conns.length = 0;
    wire.length = 0;
    const sc = panel().sessionContext;
    const on = (_, s) => statuses.push(s);
    sc.statusChanged.connect(on);
    const k = kernel();
    const onMsg = (_, a) => {
      const m = a.msg;
      wire.push([a.direction, m.channel, m.header.msg_type, m.header.msg_id.slice(-8),
        ((m.parent_header || {}).msg_id || '').slice(-8), (m.content || {}).execution_state || ''].join(' '));
      if (wire.length > 200) wire.shift();
    };
    k.anyMessage.connect(onMsg);
    const onConn = (_, c) => { conns.push(c); wire.push('connection ' + c); };
    k.connectionStatusChanged.connect(onConn);
    unwatchStatus = () => {
      sc.statusChanged.disconnect(on);
      k.anyMessage.disconnect(onMsg);
      k.connectionStatusChanged.disconnect(onConn);
    };
  };
  // The messages the page sent and received over its kernel websocket
  // since watchStatus (the last 200), and the kernel connection's state:
  // what a wait that timed out shows, to tell a request the page kept
  // from one the kernel never answered.
  const wire = [];
  const report = () => {
    const k = kernel();
    if (!k) return {kernel: 'none'};
    return {status: k.status, connection: k.connectionStatus, session: k._kernelSession,
            pending: (k._pendingMessages || []).map(m => m.header.msg_type),
            futures: k._futures ? k._futures.size : -1, statuses, conns, wire};
  };
  // The distinct states an output area shows while a cell runs.
  const states = [];
  let observer = null;
  const observe = (cell, state) => {
    if (observer) observer.disconnect();
    states.length = 0;
    const record = () => {
      const s = state(cell.outputArea.node);
      if (s && states[states.length - 1] !== s) states.push(s);
    };
    observer = new MutationObserver(record);
    observer.observe(cell.outputArea.node, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  return {app, panel, kernel, status, cells, code, prompt, settled, active, outputs,
          center, menu, tab, toolbarButton, log, watch, statuses, conns, watchStatus, states, observe, report};
})(); true`

// labPage drives one JupyterLab page in headless Chromium.
type labPage struct {
	t     *testing.T
	ctx   context.Context
	srv   *labServer
	shots string
	step  int
}

// open loads path (with ?reset, so that no saved workspace is restored)
// and waits until JupyterLab has started.
func (l *labPage) open(path string) {
	l.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if err := chromedp.Do(l.ctx, chromedp.Navigate(l.srv.url+path+sep+"token="+l.srv.token)); err != nil {
		l.t.Fatalf("opening %s: %v", path, err)
	}
	state := l.wait("JupyterLab to start", `document.body.dataset.methodicLab`, 3*time.Minute)
	if state != `"ready"` {
		l.t.Fatalf("JupyterLab did not start: %s", state)
	}
	l.eval(labJS)
}

// eval evaluates js in the page and returns its value as JSON.
func (l *labPage) eval(js string) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(l.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		l.t.Fatalf("evaluating %.200s: %v", js, err)
	}
	return string(v)
}

// evalInto evaluates js and decodes its value into v.
func (l *labPage) evalInto(js string, v any) {
	l.t.Helper()
	if err := json.Unmarshal([]byte(l.eval(js)), v); err != nil {
		l.t.Fatalf("decoding the value of %.200s: %v", js, err)
	}
}

// wait waits until js is truthy in the page, and returns its value as
// JSON. It polls the page's state; it fails the test after timeout, a
// limit far above what the step needs, there only so that a broken step
// ends.
func (l *labPage) wait(what, js string, timeout time.Duration) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(l.ctx, timeout+10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Poll[json.RawMessage](js,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		l.shot("failed")
		l.logReport()
		l.t.Fatalf("waiting for %s: %v", what, err)
	}
	return string(v)
}

// logReport logs what the page knows of its kernel connection (see
// mlab.report), for a wait that timed out.
func (l *labPage) logReport() {
	ctx, cancel := context.WithTimeout(l.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(mlab.report(), null, 1)`))
	if err != nil {
		l.t.Logf("the page's kernel connection: %v", err)
		return
	}
	l.t.Logf("the page's kernel connection: %s", s)
}

// click clicks the middle of the element that js finds, once it is
// visible, with the mouse, as a user does; count 2 double-clicks.
func (l *labPage) click(what, js string, count int) {
	l.t.Helper()
	var p struct{ X, Y float64 }
	if err := json.Unmarshal([]byte(l.wait(what, "mlab.center("+js+")", time.Minute)), &p); err != nil {
		l.t.Fatalf("%s: %v", what, err)
	}
	// The pointer moves there first: menus act on the item under it.
	if err := chromedp.Do(l.ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, p.X, p.Y)); err != nil {
		l.t.Fatalf("moving to %s: %v", what, err)
	}
	for i := 1; i <= count; i++ {
		if err := chromedp.Do(l.ctx, chromedp.MouseClickXY(p.X, p.Y, chromedp.ClickCount(i))); err != nil {
			l.t.Fatalf("clicking %s: %v", what, err)
		}
	}
}

// menu opens a menu of the menu bar and clicks the item of the command.
func (l *labPage) menu(label, command string) {
	l.t.Helper()
	l.click("the menu "+label, fmt.Sprintf("document.querySelector('.lm-Menu') ? null : mlab.menu(%q, %q)", label, command), 1)
	l.click("the menu item "+command, fmt.Sprintf("document.querySelector('.lm-Menu [data-command=%q]')", command), 1)
}

// typeText types s on the keyboard.
func (l *labPage) typeText(s string) {
	l.t.Helper()
	if err := chromedp.Do(l.ctx, chromedp.KeyEvent(s)); err != nil {
		l.t.Fatalf("typing %q: %v", s, err)
	}
}

// press presses a key with modifiers, as a shortcut: no character is
// typed.
func (l *labPage) press(key string, mods ...chromedp.Modifier) {
	l.t.Helper()
	k := kb.Keys[[]rune(key)[0]]
	var m int64
	for _, x := range mods {
		m |= int64(x)
	}
	err := chromedp.Do(l.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Modifiers: m, Key: k.Key, Code: k.Code,
				WindowsVirtualKeyCode: k.Windows, NativeVirtualKeyCode: k.Native}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		l.t.Fatalf("pressing %q: %v", key, err)
	}
}

// shot saves a screenshot of the page as the next step's artifact.
func (l *labPage) shot(name string) string {
	l.t.Helper()
	l.step++
	b, err := chromedp.Run(l.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		l.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	out := filepath.Join(l.shots, fmt.Sprintf("lab-%02d-%s.png", l.step, name))
	if err := os.WriteFile(out, b, 0o644); err != nil {
		l.t.Fatal(err)
	}
	return out
}

// runCell types code into the active cell of the current notebook, runs
// it with Shift+Enter and waits until the kernel is idle with nothing
// queued. It returns the index of the cell that ran.
func (l *labPage) runCell(code string) int {
	l.t.Helper()
	var i int
	l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
	l.editCell(i, code)
	l.press(kb.Enter, chromedp.ModifierShift)
	l.waitRan(i)
	return i
}

// editCell puts the cursor in cell i's editor, empty, and types code.
func (l *labPage) editCell(i int, code string) {
	l.t.Helper()
	l.click(fmt.Sprintf("the editor of cell %d", i), fmt.Sprintf("mlab.cells()[%d].editor.host", i), 1)
	l.wait("edit mode", fmt.Sprintf("mlab.panel().content.mode === 'edit' && mlab.cells()[%d].editor.hasFocus()", i), time.Minute)
	l.press("a", chromedp.ModifierCtrl)
	l.press(kb.Backspace)
	l.typeText(code)
	l.wait("the typed code", fmt.Sprintf("mlab.cells()[%d].model.value.text === %q", i, code), time.Minute)
}

// waitRan waits until cell i has run: it has an execution count and the
// kernel is idle with nothing queued.
func (l *labPage) waitRan(i int) {
	l.t.Helper()
	l.wait(fmt.Sprintf("cell %d to run", i),
		fmt.Sprintf("mlab.settled() && (typeof mlab.cells()[%d].model.executionCount === 'number' || mlab.outputs(mlab.cells()[%d]).some(o => o.output_type === 'error'))", i, i),
		5*time.Minute)
}

// cellText returns the text of cell i's outputs, as the page shows it.
func (l *labPage) cellText(i int) string {
	l.t.Helper()
	var s string
	l.evalInto(fmt.Sprintf("mlab.cells()[%d].outputArea.node.innerText", i), &s)
	return s
}

// TestJupyterLab drives a real JupyterLab 3.6 in headless Chromium the way
// a user works: the launcher, a new notebook, highlighting, completion,
// contextual help, live displays, interrupt, restart, input, every
// chapter notebook run from the file browser, save and reload.
// Screenshots of each step go to the artifacts directory.
func TestJupyterLab(t *testing.T) {
	if testing.Short() {
		t.Skip("drives JupyterLab in a browser for minutes")
	}
	chapters, err := filepath.Glob(filepath.Join(repoRoot(t), "notebooks", "0*.ipynb"))
	if err != nil || len(chapters) != 7 {
		t.Fatalf("want the 7 chapter notebooks 00-06, found %v (%v)", chapters, err)
	}
	root := t.TempDir()
	for _, p := range chapters {
		b, err := os.ReadFile(p)
		if err == nil {
			err = os.WriteFile(filepath.Join(root, filepath.Base(p)), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := browser(t)
	srv := startLabServer(t, root)
	shots := artifacts(t)
	old, _ := filepath.Glob(filepath.Join(shots, "lab-*.png"))
	for _, p := range old {
		os.Remove(p)
	}
	l := &labPage{t: t, ctx: ctx, srv: srv, shots: shots}
	l.open("/lab?reset")

	t.Run("launcher", func(t *testing.T) { l.t = t; labLauncher(l) })
	t.Run("new notebook", func(t *testing.T) { l.t = t; labNewNotebook(l) })
	t.Run("completion", func(t *testing.T) { l.t = t; labCompletion(l) })
	t.Run("contextual help", func(t *testing.T) { l.t = t; labHelp(l) })
	t.Run("live displays", func(t *testing.T) { l.t = t; labLive(l) })
	t.Run("interrupt", func(t *testing.T) { l.t = t; labInterrupt(l) })
	t.Run("restart", func(t *testing.T) { l.t = t; labRestart(l) })
	t.Run("input", func(t *testing.T) { l.t = t; labInput(l) })
	l.t = t
	l.eval(`(async () => { const p = mlab.panel(); await p.sessionContext.shutdown(); p.dispose(); return true; })()`)
	for _, p := range chapters {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) { l.t = t; labChapter(l, name) })
	}
	t.Run("save and reload", func(t *testing.T) { l.t = t; labReload(l, "01-metrics.ipynb") })
}

// labLauncher: the launcher shows "Go (Methodic)" with our logo.
func labLauncher(l *labPage) {
	card := `document.querySelector('.jp-LauncherCard[title="Go (Methodic)"][data-category="Notebook"]')`
	l.wait("the launcher's Go (Methodic) card", "!!"+card, time.Minute)
	var logo struct {
		Label  string
		Width  int
		Data   string
		Loaded bool
	}
	l.wait("the card's logo to load", card+`.querySelector('img') && `+card+`.querySelector('img').complete`, time.Minute)
	l.evalInto(`(async () => {
		const c = `+card+`;
		const img = c.querySelector('img');
		const buf = await (await fetch(img.src)).arrayBuffer();
		let bin = '';
		new Uint8Array(buf).forEach(b => bin += String.fromCharCode(b));
		return {label: c.innerText.trim(), width: img.naturalWidth, data: btoa(bin), loaded: img.complete};
	})()`, &logo)
	l.shot("launcher")
	if logo.Label != "Go (Methodic)" {
		l.t.Errorf("the launcher card reads %q", logo.Label)
	}
	want, err := os.ReadFile(filepath.Join(repoRoot(l.t), "install", "logo-64x64.png"))
	if err != nil {
		l.t.Fatal(err)
	}
	got, _ := base64.StdEncoding.DecodeString(logo.Data)
	if !bytes.Equal(got, want) || logo.Width != 64 {
		l.t.Errorf("the launcher card's logo is not install/logo-64x64.png: %d bytes, %d px wide", len(got), logo.Width)
	}
}

// labNewNotebook: the card opens a notebook whose kernel starts; Go is
// highlighted as Go; a cell runs and shows its output.
func labNewNotebook(l *labPage) {
	l.click("the Go (Methodic) card", `document.querySelector('.jp-LauncherCard[title="Go (Methodic)"][data-category="Notebook"]')`, 1)
	l.wait("the new notebook's kernel", `mlab.panel() && mlab.panel().sessionContext.kernelDisplayName === 'Go (Methodic)' && mlab.settled()`, 2*time.Minute)
	l.runCell("func double(n int) int { return 2 * n }")
	var hl struct {
		Mode     string
		Keywords []string
	}
	l.evalInto(`(() => {
		const c = mlab.cells()[0];
		const keywords = Array.from(c.editor.host.querySelectorAll('.cm-keyword')).map(e => e.textContent);
		return {mode: c.editor.getOption('mode'), keywords: keywords};
	})()`, &hl)
	if hl.Mode != "text/x-go" {
		l.t.Errorf("the editor's mode is %q, want text/x-go", hl.Mode)
	}
	for _, k := range []string{"func", "return"} {
		if !slices.Contains(hl.Keywords, k) {
			l.t.Errorf("%q is not highlighted as a Go keyword (keywords: %q)", k, hl.Keywords)
		}
	}
	i := l.runCell("x := double(21); fmt.Println(x)")
	if got := l.cellText(i); strings.TrimSpace(got) != "42" {
		l.t.Errorf("the cell shows %q, want 42", got)
	}
	l.shot("new-notebook")
}

// labCompletion: Tab after fmt.Sp shows a completer that offers Sprintf.
func labCompletion(l *labPage) {
	var i int
	l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
	l.editCell(i, "fmt.Sp")
	l.press(kb.Tab)
	items := l.wait("the completer", `(() => {
		const c = document.querySelector('.jp-Completer');
		if (!c || c.classList.contains('lm-mod-hidden')) return false;
		const items = Array.from(c.querySelectorAll('.jp-Completer-item')).map(e => e.dataset.value);
		return items.length ? items : false;
	})()`, time.Minute)
	l.shot("completion")
	var got []string
	json.Unmarshal([]byte(items), &got)
	if !slices.Contains(got, "Sprintf") {
		l.t.Errorf("the completer offers %q, not Sprintf", got)
	}
	l.press(kb.Escape)
	l.wait("the completer to close", `!document.querySelector('.jp-Completer') || document.querySelector('.jp-Completer').classList.contains('lm-mod-hidden')`, time.Minute)
}

// labHelp: the contextual help panel shows metrics.PR's documentation
// when the cursor is on it.
func labHelp(l *labPage) {
	var name string
	l.evalInto("mlab.panel().context.path", &name)
	l.menu("Help", "inspector:open")
	l.wait("the contextual help panel", `!!document.querySelector('.jp-Inspector')`, time.Minute)
	// The panel opens beside the notebook and takes the focus: back to
	// the notebook's tab.
	l.click("the notebook's tab", fmt.Sprintf("mlab.tab(%q)", name), 1)
	l.wait("the notebook to be current", fmt.Sprintf("mlab.panel() && mlab.panel().context.path === %q", name), time.Minute)
	var i int
	l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
	l.editCell(i, "metrics.PR")
	doc := l.wait("metrics.PR's documentation in the panel", `(() => {
		const e = document.querySelector('.jp-Inspector-content');
		return e && e.innerText.includes('func PR(') ? e.innerText : false;
	})()`, time.Minute)
	l.shot("contextual-help")
	var text string
	json.Unmarshal([]byte(doc), &text)
	if !strings.Contains(text, "average precision") {
		l.t.Errorf("the contextual help does not show PR's documentation:\n%s", text)
	}
	l.click("the contextual help's close icon", `mlab.tab('Show Contextual Help') && mlab.tab('Show Contextual Help').querySelector('.lm-TabBar-tabCloseIcon')`, 1)
	l.wait("the contextual help to close", `!document.querySelector('.jp-Inspector')`, time.Minute)
	l.click("the notebook's tab", fmt.Sprintf("mlab.tab(%q)", name), 1)
	l.wait("the notebook to be current", fmt.Sprintf("mlab.panel() && mlab.panel().context.path === %q", name), time.Minute)
	// The cell typed for the help is left empty for the next step.
	l.editCell(i, "")
}

// labLive: a progress bar and a live chart update in place while their
// cell runs: the page shows more than one state of each, and the cell
// ends with one output.
func labLive(l *labPage) {
	for _, c := range []struct {
		name, code, state string
	}{
		{"progress bar",
			`p := display.NewProgress(6, display.ProgressOptions{Label: "steps", Interval: time.Millisecond}); for i := 0; i < 6; i++ { time.Sleep(200 * time.Millisecond); p.Add(1) }; p.Done()`,
			`n => { const p = n.querySelector('progress'); return p ? p.getAttribute('value') + '/' + p.getAttribute('max') : ''; }`},
		{"live chart",
			`ch := display.NewChart(display.ChartOptions{Title: "loss", Interval: time.Millisecond}); for i := 1; i <= 6; i++ { time.Sleep(200 * time.Millisecond); ch.Add("loss", float64(i), 1/float64(i)); ch.Flush() }; ch.Done()`,
			`n => { const i = n.querySelector('img'); return i ? i.src.length + ':' + i.src.slice(-64) : ''; }`},
	} {
		var i int
		l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
		l.editCell(i, c.code)
		l.eval(fmt.Sprintf("mlab.observe(mlab.cells()[%d], %s); true", i, c.state))
		l.press(kb.Enter, chromedp.ModifierShift)
		l.waitRan(i)
		var states []string
		var outputs []map[string]any
		l.evalInto("mlab.states", &states)
		l.evalInto(fmt.Sprintf("mlab.outputs(mlab.cells()[%d])", i), &outputs)
		l.shot(strings.ReplaceAll(c.name, " ", "-"))
		if len(states) < 2 {
			l.t.Errorf("the %s showed %d state(s) while it ran, want more than one: %q", c.name, len(states), states)
		}
		if len(outputs) != 1 {
			l.t.Errorf("the %s's cell ends with %d outputs, want 1", c.name, len(outputs))
		}
		l.t.Logf("%s: %d states seen", c.name, len(states))
	}
}

// labInterrupt: the interrupt button stops `for {}`; the next cell sees
// the variables defined before.
func labInterrupt(l *labPage) {
	var i int
	l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
	l.editCell(i, "for {}")
	l.eval(fmt.Sprintf("mlab.watch(mlab.cells()[%d]); true", i))
	l.press(kb.Enter, chromedp.ModifierShift)
	l.wait("the loop to run", `mlab.log.includes('status:busy')`, time.Minute)
	l.shot("busy")
	l.click("the interrupt button", `mlab.toolbarButton(/^Interrupt/)`, 1)
	start := time.Now()
	l.waitRan(i)
	l.t.Logf("interrupt to idle: %s (page and test together)", time.Since(start).Round(time.Millisecond))
	var log []string
	l.evalInto("mlab.log", &log)
	l.shot("interrupted")
	// The order of events: the kernel is busy, the user interrupts, the
	// cell ends with an error output, and the kernel ends idle. (The
	// kernel answers the interrupt on its control channel between a busy
	// and an idle of its own, which JupyterLab shows as the kernel's
	// status too, so an idle may come before the cell's error.)
	pos := func(pred func(string) bool) int { return slices.IndexFunc(log, pred) }
	busy := pos(func(s string) bool { return s == "status:busy" })
	intr := pos(func(s string) bool { return s == "interrupt" })
	errOut := pos(func(s string) bool { return strings.HasPrefix(s, "outputs:") && strings.Contains(s, "error") })
	var status []string
	for _, s := range log {
		if strings.HasPrefix(s, "status:") {
			status = append(status, s)
		}
	}
	if busy < 0 || intr < busy || errOut < intr || len(status) == 0 || status[len(status)-1] != "status:idle" {
		l.t.Errorf("events of the interrupted cell, in order: %q; want busy, interrupt, an error output, and idle last", log)
	}
	if got := l.cellText(i); !strings.Contains(strings.ToLower(got), "interrupt") {
		l.t.Errorf("the interrupted cell shows %q", got)
	}
	j := l.runCell("fmt.Println(x, double(x))")
	if got := strings.TrimSpace(l.cellText(j)); got != "42 84" {
		l.t.Errorf("after the interrupt the next cell shows %q, want 42 84", got)
	}
}

// labRestart: Kernel > Restart gives a fresh session.
func labRestart(l *labPage) {
	l.eval("mlab.watchStatus(); true")
	l.menu("Kernel", "kernelmenu:restart")
	l.click("the dialog's Restart button", `document.querySelector('.jp-Dialog .jp-mod-accept')`, 1)
	// The restart is over when the page has connected again (to the new
	// kernel process). Being idle is not enough: the old kernel's last
	// status (idle, after the shutdown_request) reaches the page on the
	// old websocket while the server is still starting the new kernel,
	// and a cell run then goes out on the old websocket and is lost, its
	// prompt [*] for ever. (A user that quick would lose it too: JupyterLab
	// 3.6's restart() lets that status end its "restarting" state.)
	l.wait("the kernel to restart", `mlab.statuses.includes('restarting') && mlab.conns.includes('connecting') && mlab.kernel().connectionStatus === 'connected' && mlab.settled() && !document.querySelector('.jp-Dialog')`, 2*time.Minute)
	i := l.runCell("fmt.Println(x)")
	// In order: the page reconnected, then sent the cell.
	var wire []string
	l.evalInto("mlab.report().wire", &wire)
	connected := slices.Index(wire, "connection connected")
	sent := slices.IndexFunc(wire, func(s string) bool { return strings.HasPrefix(s, "send shell execute_request ") })
	if connected < 0 || sent < connected {
		l.t.Errorf("after Kernel > Restart the page sent the cell before it had reconnected (wire %q)", wire)
	}
	out := l.cellText(i)
	l.shot("restarted")
	if !strings.Contains(out, "undefined: x") {
		l.t.Errorf("after a restart x is still defined: %q", out)
	}
	var n int
	l.evalInto(fmt.Sprintf("mlab.cells()[%d].model.executionCount || 0", i), &n)
	if n != 1 {
		l.t.Errorf("the first cell after a restart has execution count %d, want 1", n)
	}
}

// labInput: fmt.Scanln shows an input box; what the user types comes
// back to the cell.
func labInput(l *labPage) {
	var i int
	l.evalInto(`mlab.panel().content.activeCellIndex`, &i)
	l.editCell(i, `var name string; fmt.Print("name? "); fmt.Scanln(&name); fmt.Println("hello,", name)`)
	l.press(kb.Enter, chromedp.ModifierShift)
	// The user reads the prompt, clicks the box below it and types: the
	// prompt is shown first (the kernel sends it before the
	// input_request), so the box does not move under the click.
	box := `document.querySelector('.jp-Stdin-input')`
	l.wait("the prompt and the input box", fmt.Sprintf(`!!(mlab.cells()[%d].outputArea.node.innerText.includes("name?") && %s)`, i, box), time.Minute)
	l.click("the input box", box, 1)
	l.typeText("Ada")
	l.shot("input")
	var typed string
	l.evalInto(box+`.value`, &typed)
	if typed != "Ada" {
		l.t.Fatalf("the input box holds %q after typing Ada (the focus is on %s)", typed, l.eval(`document.activeElement.className`))
	}
	l.press(kb.Enter)
	l.waitRan(i)
	if got := l.cellText(i); !strings.Contains(got, "hello, Ada") {
		l.t.Errorf("the cell shows %q, want hello, Ada", got)
	}
}

// chapterReport is what the page shows of a notebook after Run All.
type chapterReport struct {
	Cells  int      `json:"cells"`
	Ran    int      `json:"ran"`
	Errors []string `json:"errors"`
	Images []struct {
		Cell, Output  int
		Width, Height float64
		Natural       int
		Digest        string
	} `json:"images"`
	HTMLImages []struct {
		Cell          int
		Width, Height float64
	} `json:"htmlImages"`
	Tables []struct {
		Cell, Output, Rows int
		Display            string
	} `json:"tables"`
}

// The page's account of the current notebook: every image output's size
// and the SHA-256 of its decoded pixels (RGBA, row by row), every table
// an HTML output shows.
const chapterJS = `(async () => {
  const rep = {cells: 0, ran: 0, errors: [], images: [], htmlImages: [], tables: []};
  const cells = mlab.cells();
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.model.type !== 'code') continue;
    rep.cells++;
    if (typeof c.model.executionCount === 'number') rep.ran++;
    mlab.outputs(c).forEach(o => { if (o.output_type === 'error') rep.errors.push('cell ' + i + ': ' + o.ename + ': ' + o.evalue); });
    const areas = c.outputArea.widgets;
    for (let j = 0; j < areas.length; j++) {
      const node = areas[j].node;
      for (const img of node.querySelectorAll('.jp-RenderedImage img')) {
        await img.decode().catch(() => {});
        const r = img.getBoundingClientRect();
        const cv = document.createElement('canvas');
        cv.width = img.naturalWidth; cv.height = img.naturalHeight;
        const g = cv.getContext('2d');
        g.drawImage(img, 0, 0);
        const px = g.getImageData(0, 0, cv.width, cv.height).data;
        const d = new Uint8Array(await crypto.subtle.digest('SHA-256', px));
        rep.images.push({cell: i, output: j, width: r.width, height: r.height, natural: img.naturalWidth,
          digest: Array.from(d).map(b => b.toString(16).padStart(2, '0')).join('')});
      }
      for (const img of node.querySelectorAll('.jp-RenderedHTMLCommon img')) {
        await img.decode().catch(() => {});
        const r = img.getBoundingClientRect();
        rep.htmlImages.push({cell: i, width: r.width, height: r.height});
      }
      for (const t of node.querySelectorAll('.jp-RenderedHTMLCommon table')) {
        rep.tables.push({cell: i, output: j, rows: t.querySelectorAll('tr').length, display: getComputedStyle(t).display});
      }
    }
  }
  return rep;
})()`

// labChapter opens a chapter notebook from the file browser, clears it,
// runs all its cells from the Run menu and saves it; then checks what the
// page shows against the saved file: no error, every image output of a
// non-zero size with the pixels of the PNG saved for it, every table
// rendered as a table.
func labChapter(l *labPage, name string) {
	l.wait("the file browser", `!!document.querySelector('.jp-DirListing-content')`, time.Minute)
	item := fmt.Sprintf(`Array.from(document.querySelectorAll('.jp-DirListing-item')).find(e => e.querySelector('.jp-DirListing-itemText').textContent.trim() === %q)`, name)
	l.click(name+" in the file browser", item, 2)
	l.wait(name+" open with its kernel", fmt.Sprintf(`mlab.panel() && mlab.panel().context.path === %q && mlab.settled()`, name), 2*time.Minute)
	l.menu("Edit", "editmenu:clear-all")
	l.wait("the outputs cleared", `mlab.code().every(c => c.model.outputs.length === 0 && c.model.executionCount === null)`, time.Minute)
	start := time.Now()
	l.menu("Run", "runmenu:run-all")
	l.wait("every cell to run", `mlab.settled() && (mlab.code().every(c => typeof c.model.executionCount === 'number') || mlab.code().some(c => mlab.outputs(c).some(o => o.output_type === 'error')))`, 15*time.Minute)
	ran := time.Since(start)
	l.click("the save button", `mlab.toolbarButton(/^Save/)`, 1)
	l.wait("the save", `!mlab.panel().context.model.dirty`, time.Minute)
	var rep chapterReport
	l.evalInto(chapterJS, &rep)
	l.t.Logf("%s: %d code cells ran in %s; %d images, %d tables", name, rep.Ran, ran.Round(time.Second), len(rep.Images), len(rep.Tables))
	if name == "01-metrics.ipynb" {
		l.readmeShot(name)
	}
	l.shot(strings.TrimSuffix(name, ".ipynb"))
	for _, e := range rep.Errors {
		l.t.Errorf("an error output: %s", firstLines(e, 6))
	}
	if rep.Ran != rep.Cells {
		l.t.Errorf("%d of %d code cells ran", rep.Ran, rep.Cells)
	}

	saved, err := notebooks.ReadFile(filepath.Join(l.srv.root, name))
	if err != nil {
		l.t.Fatal(err)
	}
	// The image outputs (PNG is what JupyterLab shows for a bundle with no
	// HTML) and the tables of the saved notebook, by cell.
	type key struct{ cell, n int }
	wantPNG := map[key][]byte{}
	wantTables := map[int]int{}
	for ci, c := range saved.Cells {
		n := 0
		for _, o := range c.Outputs {
			h, hasHTML := o.Data["text/html"].(string)
			if hasHTML {
				wantTables[ci] += strings.Count(h, "<table")
				continue
			}
			if s, ok := o.Data["image/png"].(string); ok {
				b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(s, "\n", ""))
				if err != nil {
					l.t.Fatalf("cell %d's PNG: %v", ci, err)
				}
				wantPNG[key{ci, n}] = b
				n++
			}
		}
	}
	gotN := map[int]int{}
	for _, im := range rep.Images {
		k := key{im.Cell, gotN[im.Cell]}
		gotN[im.Cell]++
		if im.Width <= 0 || im.Height <= 0 || im.Natural == 0 {
			l.t.Errorf("cell %d: an image of size %gx%g (natural width %d)", im.Cell, im.Width, im.Height, im.Natural)
		}
		want, ok := wantPNG[k]
		if !ok {
			l.t.Errorf("cell %d: an image the saved notebook does not have", im.Cell)
			continue
		}
		delete(wantPNG, k)
		if d, err := pixelDigest(want); err != nil {
			l.t.Errorf("cell %d: the saved PNG: %v", im.Cell, err)
		} else if d != im.Digest {
			l.t.Errorf("cell %d: the image shown differs in its pixels from the PNG saved for it", im.Cell)
		}
	}
	for k := range wantPNG {
		l.t.Errorf("cell %d: the saved notebook has an image the page does not show", k.cell)
	}
	for _, im := range rep.HTMLImages {
		if im.Width <= 0 || im.Height <= 0 {
			l.t.Errorf("cell %d: an image in HTML of size %gx%g", im.Cell, im.Width, im.Height)
		}
	}
	gotTables := map[int]int{}
	for _, tb := range rep.Tables {
		gotTables[tb.Cell]++
		if tb.Display != "table" || tb.Rows == 0 {
			l.t.Errorf("cell %d: a table shown with display %q and %d rows", tb.Cell, tb.Display, tb.Rows)
		}
	}
	for ci, n := range wantTables {
		if gotTables[ci] != n {
			l.t.Errorf("cell %d: %d tables shown, the saved HTML has %d", ci, gotTables[ci], n)
		}
	}
	l.eval(`(async () => { const p = mlab.panel(); await p.sessionContext.shutdown(); p.dispose(); return true; })()`)
}

// pixelDigest is the SHA-256 of a PNG's pixels as a canvas reads them:
// non-premultiplied RGBA, row by row.
func pixelDigest(b []byte) (string, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	d := sha256.Sum256(rgba.Pix)
	return hex.EncodeToString(d[:]), nil
}

var updateShot = flag.Bool("update-lab-shot", false, "TestJupyterLab: write the README's screenshot, "+labShot)

// labShot is the README's picture of a chapter in JupyterLab.
const labShot = "e2e/jupyterlab/screenshot.png"

// readmeShot takes the README's picture of a chapter in JupyterLab: the
// chapter's first precision-recall curve in view. It goes to the
// artifacts, and with -update-lab-shot to the repository.
func (l *labPage) readmeShot(name string) {
	nb, err := notebooks.ReadFile(filepath.Join(l.srv.root, name))
	if err != nil {
		l.t.Fatal(err)
	}
	cell := -1
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			text, _ := o.Data["text/plain"].(string)
			if _, ok := o.Data["image/png"]; ok && cell < 0 && strings.Contains(text, "AP ") {
				cell = i
			}
		}
	}
	if cell < 0 {
		l.t.Errorf("%s shows no precision-recall curve", name)
		return
	}
	l.eval(fmt.Sprintf(`(async () => {
		const img = mlab.cells()[%d].outputArea.node.querySelector('.jp-RenderedImage img');
		img.scrollIntoView({block: 'center'});
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		return true;
	})()`, cell))
	shot := l.shot("readme")
	if *updateShot && shot != "" {
		b, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(filepath.Join(repoRoot(l.t), labShot), b, 0o644)
		}
		if err != nil {
			l.t.Fatal(err)
		}
	}
}

// labReload: after a save, reloading the page shows the notebook with its
// outputs, not marked modified once its kernel is ready.
func labReload(l *labPage, name string) {
	saved, err := notebooks.ReadFile(filepath.Join(l.srv.root, name))
	if err != nil {
		l.t.Fatal(err)
	}
	want := 0
	for _, c := range saved.Cells {
		want += len(c.Outputs)
	}
	if want == 0 {
		l.t.Fatalf("%s was saved with no outputs", name)
	}
	l.open("/lab/tree/" + name + "?reset")
	l.wait(name+" open with its kernel", fmt.Sprintf(`mlab.panel() && mlab.panel().context.path === %q && mlab.settled()`, name), 2*time.Minute)
	var st struct {
		Outputs int
		Dirty   bool
		Marked  bool
	}
	l.evalInto(`(() => {
		const p = mlab.panel();
		return {outputs: mlab.code().reduce((n, c) => n + c.model.outputs.length, 0),
			dirty: p.context.model.dirty, marked: p.title.className.includes('jp-mod-dirty')};
	})()`, &st)
	l.shot("reloaded")
	if st.Outputs != want {
		l.t.Errorf("after a reload %s shows %d outputs, the saved file has %d", name, st.Outputs, want)
	}
	if st.Dirty || st.Marked {
		l.t.Errorf("after a reload %s is marked modified (model dirty %v, tab marked %v)", name, st.Dirty, st.Marked)
	}
}

// serve starts a server (python with args), stops it when the test ends,
// and waits until statusURL answers 200.
func serve(t *testing.T, what string, env []string, exe string, args []string, statusURL string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = env
	logf, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	// SIGTERM: jupyter_server then shuts its kernels down and exits. On
	// SIGINT it asks for a confirmation on stdin, which a test does not
	// give, and goes on; killed after WaitDelay, it would leave its
	// kernels running.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			// The whole log (the kernel's debug lines make it long) is
			// kept among the artifacts; the test's output shows its end.
			keep := filepath.Join(artifacts(t), strings.ReplaceAll(t.Name(), "/", "_")+"-server.log")
			if err := os.WriteFile(keep, b, 0o644); err != nil {
				t.Log(err)
			}
			t.Logf("%s's log (all of it in %s):\n%s", what, keep, lastLines(string(b), 80))
		}
	})
	waitHTTP(t, what, cmd, statusURL)
}
