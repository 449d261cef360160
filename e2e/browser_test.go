package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/methodic-go/methodic/notebooks"
)

// notebookServer is a classic Jupyter Notebook server on 127.0.0.1 serving
// a directory, with the methodic kernelspec installed.
type notebookServer struct {
	url, token string
}

// startNotebookServer starts Debian's jupyter-notebook on a free port of
// 127.0.0.1, serving dir, and stops it when the test ends.
func startNotebookServer(t *testing.T, dir string) *notebookServer {
	t.Helper()
	exe, err := exec.LookPath("jupyter-notebook")
	require(t, err == nil, "the classic Jupyter Notebook", "jupyter-notebook")
	env := jupyterEnv(t)
	port := freePort(t)
	token := randomToken()
	args := []string{"--no-browser", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--port-retries=0", "--NotebookApp.token=" + token,
		"--notebook-dir=" + dir, "--NotebookApp.open_browser=False"}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root") // CI and containers run as root
	}
	s := &notebookServer{url: fmt.Sprintf("http://127.0.0.1:%d", port), token: token}
	serve(t, "the notebook server", env, exe, args, s.url+"/api/status?token="+token)
	return s
}

// waitHTTP waits until url answers 200 while cmd runs.
func waitHTTP(t *testing.T, what string, cmd *exec.Cmd, url string) {
	t.Helper()
	exited := make(chan struct{})
	go func() { cmd.Process.Wait(); close(exited) }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-exited:
			t.Fatalf("%s exited before answering", what)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer on %s", what, url)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// freePort returns a free port of 127.0.0.1 for a server: one the system
// picks, or the first free one of $METHODIC_TEST_PORTS ("55400-55499")
// where several people share a machine and each has a range.
func freePort(t *testing.T) int {
	t.Helper()
	lo, hi := 0, 0
	if r := os.Getenv("METHODIC_TEST_PORTS"); r != "" {
		if _, err := fmt.Sscanf(r, "%d-%d", &lo, &hi); err != nil || lo <= 0 || hi < lo {
			t.Fatalf("METHODIC_TEST_PORTS=%q: want a range such as 55400-55499", r)
		}
	}
	for p := lo; p <= hi; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			if p == 0 {
				t.Fatal(err)
			}
			continue
		}
		defer l.Close()
		return l.Addr().(*net.TCPAddr).Port
	}
	t.Fatalf("no free port in METHODIC_TEST_PORTS=%s", os.Getenv("METHODIC_TEST_PORTS"))
	return 0
}

// browser starts headless Chromium with the flags this closed network
// needs, and returns a chromedp context.
func browser(t *testing.T) context.Context {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	require(t, err == nil, "headless Chromium", "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1024),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	return ctx
}

// pageReport is what the page shows after a run of all cells.
type pageReport struct {
	Cells     int      `json:"cells"`
	Ran       int      `json:"ran"`
	Errors    []string `json:"errors"`
	Images    []imgBox `json:"images"`
	SVGs      []imgBox `json:"svgs"`
	Tables    int      `json:"tables"`
	Idle      bool     `json:"idle"`
	Busy      bool     `json:"busy"`
	Connected bool     `json:"connected"`
}

type imgBox struct {
	Cell    int     `json:"cell"`
	Width   float64 `json:"w"`
	Height  float64 `json:"h"`
	Natural float64 `json:"natural"`
}

// The page-side report: counts of code cells run, error outputs, the size
// of every image and inline SVG in the outputs, HTML tables.
const reportJS = `(() => {
  const nb = Jupyter.notebook;
  const code = nb.get_cells().filter(c => c.cell_type === 'code');
  const idx = el => Array.from(document.querySelectorAll('.cell')).indexOf(el.closest('.cell')) + 1;
  const box = (el, natural) => { const r = el.getBoundingClientRect(); return {cell: idx(el), w: r.width, h: r.height, natural: natural}; };
  return {
    cells: code.length,
    ran: code.filter(c => typeof c.input_prompt_number === 'number').length,
    errors: Array.from(document.querySelectorAll('.output_error')).map(e => e.innerText.slice(0, 300)),
    images: Array.from(document.querySelectorAll('.output_area img')).map(e => box(e, e.naturalWidth)),
    svgs: Array.from(document.querySelectorAll('.output_svg svg')).map(e => box(e, 0)),
    tables: document.querySelectorAll('.output_html table').length,
    idle: nb.kernel !== null && document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon'),
    busy: document.querySelector('#kernel_indicator_icon').classList.contains('kernel_busy_icon'),
    connected: nb.kernel !== null && nb.kernel.is_connected(),
  };
})()`

// runInBrowser opens the notebook name (a file under notebooks/) in the
// classic Notebook, runs all cells, waits until every code cell has run,
// saves a screenshot as an artifact and returns what the page shows.
func runInBrowser(t *testing.T, name string, timeout time.Duration) pageReport {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startNotebookServer(t, dir)
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	steps := []struct {
		what string
		run  func() error
	}{
		{"navigate", func() error {
			_, err := chromedp.Run(ctx, chromedp.Navigate(srv.url+"/notebooks/"+name+"?token="+srv.token))
			return err
		}},
		{"wait for the kernel", func() error {
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof Jupyter !== 'undefined' && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`,
				chromedp.WithPollingInterval(200*time.Millisecond)))
			return err
		}},
		{"run all", func() error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); true`))
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s (%s): %v", s.what, name, err)
		}
	}
	// Wait until every code cell has run and the kernel is idle, or a
	// failed cell has stopped "run all".
	done := `(() => { const r = ` + reportJS + `; return r.idle && (r.ran === r.cells || r.errors.length > 0); })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		last, _ := chromedp.Run(ctx, chromedp.Evaluate[pageReport](reportJS))
		t.Fatalf("waiting for the cells of %s: %v (last report %+v)", name, err, last)
	}
	// Measure once every image has decoded and the page has laid out
	// (two animation frames after the decodes).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))
  .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for the images of %s: %v", name, err)
	}
	rep, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](reportJS))
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	out := filepath.Join(artifacts(t), "notebook-"+strings.TrimSuffix(name, ".ipynb")+".png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %s: %s", name, out)
	for _, e := range rep.Errors {
		t.Errorf("a cell shows an error in the browser:\n%s", firstLines(e, 8))
	}
	return rep
}

func firstLines(s string, n int) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	var lines []string
	for sc.Scan() && len(lines) < n {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines, "\n")
}

// visible reports the images and inline SVGs with a non-zero size.
func (r pageReport) visible() (n int, zero []imgBox) {
	for _, b := range append(append([]imgBox{}, r.Images...), r.SVGs...) {
		if b.Width > 0 && b.Height > 0 {
			n++
		} else {
			zero = append(zero, b)
		}
	}
	return n, zero
}

// TestDisplayNotebookInBrowser opens the display notebook in the classic
// Notebook in headless Chromium: its images show with a non-zero size and
// its tables are there.
func TestDisplayNotebookInBrowser(t *testing.T) {
	rep := runInBrowser(t, "display.ipynb", 5*time.Minute)
	n, zero := rep.visible()
	if n == 0 {
		t.Errorf("no image is visible: %+v", rep)
	}
	for _, z := range zero {
		t.Errorf("an image in cell %d has zero size", z.Cell)
	}
	for _, img := range rep.Images {
		if img.Natural == 0 {
			t.Errorf("an image in cell %d did not decode", img.Cell)
		}
	}
	if rep.Tables == 0 {
		t.Errorf("no HTML table is shown")
	}
}

// TestMetricsNotebookInBrowser runs the metrics chapter in the classic
// Notebook in headless Chromium, as a teacher would before a class: every
// cell runs, and the precision-recall curves show as images of non-zero
// size. The cells that draw a PR curve are found in the committed
// notebook by their text form ("AP 0.99, 114 thresholds").
func TestMetricsNotebookInBrowser(t *testing.T) {
	const name = "01-metrics.ipynb"
	nb, err := notebooks.ReadFile(filepath.Join(repoRoot(t), "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	prCells := map[int]bool{}
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			text, _ := o.Data["text/plain"].(string)
			if _, png := o.Data["image/png"]; png && strings.Contains(text, "AP ") && strings.Contains(text, "thresholds") {
				prCells[i+1] = true
			}
		}
	}
	if len(prCells) == 0 {
		t.Fatalf("%s shows no precision-recall curve", name)
	}
	rep := runInBrowser(t, name, 10*time.Minute)
	if rep.Ran != rep.Cells {
		t.Errorf("%d of %d code cells ran", rep.Ran, rep.Cells)
	}
	_, zero := rep.visible()
	for _, z := range zero {
		t.Errorf("an image in cell %d has zero size", z.Cell)
	}
	for _, img := range rep.Images {
		if prCells[img.Cell] && img.Natural > 0 && img.Width > 0 && img.Height > 0 {
			delete(prCells, img.Cell)
		}
	}
	for cell := range prCells {
		t.Errorf("cell %d's precision-recall curve is not shown as an image in the browser", cell)
	}
}

// TestClassicNotebookPolish opens, in the classic Notebook, a notebook
// that `methodic run` wrote (so untrusted, as a shipped notebook is on its
// first opening), and checks what a reader sees before running anything:
// the notebook is not marked modified once the kernel has answered
// kernel_info (its language_info is the kernel's), the kernelspec's
// kernel.js has set the editor to indent with tabs and kernel.css shows
// tabs as blank space, not arrows, and the table's cells and caption are
// aligned as display says, though the sanitizer dropped their styles.
func TestClassicNotebookPolish(t *testing.T) {
	nb := notebooks.New()
	nb.AddCell(notebooks.Code, "func answer() int {\n\treturn 42\n}")
	nb.AddCell(notebooks.Code, `t := display.NewTable("name", "count").AddRow("a", 1).AddRow("a longer name", 2200)
t.Caption = "counts by name"
t`)
	if _, err := notebooks.Run(context.Background(), nb, notebooks.RunOptions{}); err != nil {
		t.Fatalf("methodic run: %v", err)
	}
	dir := t.TempDir()
	if err := nb.WriteFile(filepath.Join(dir, "polish.ipynb")); err != nil {
		t.Fatal(err)
	}
	srv := startNotebookServer(t, dir)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.url+"/notebooks/polish.ipynb?token="+srv.token)); err != nil {
		t.Fatal(err)
	}
	wait := func(what, js string) {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		if _, err := chromedp.Run(wctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(time.Minute))); err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
	}
	wait("the kernel's kernel_info", `typeof Jupyter !== 'undefined' && !!Jupyter.notebook && !!Jupyter.notebook.kernel &&
		!!Jupyter.notebook.kernel.info_reply && !!Jupyter.notebook.kernel.info_reply.language_info && !!Jupyter.notebook.metadata.language_info`)
	wait("kernel.js's editor settings", `Jupyter.notebook.get_cell(0).code_mirror.getOption('indentWithTabs') === true`)
	type polish struct {
		Dirty, Unsaved bool
		TabSize        int
		Tabs           int
		TabBackground  []string
		Cells          []struct{ Text, Align, Computed string }
		Caption        string
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[polish](`(() => {
		const nb = Jupyter.notebook;
		const code = nb.get_cell(0).element[0];
		const tabs = Array.from(code.querySelectorAll('.cm-tab'));
		const table = document.querySelector('.output_html table');
		return {
			dirty: nb.dirty,
			unsaved: (document.querySelector('.autosave_status') || {textContent: ''}).textContent.includes('unsaved'),
			tabSize: nb.get_cell(0).code_mirror.getOption('tabSize'),
			tabs: tabs.length,
			tabBackground: tabs.map(e => getComputedStyle(e).backgroundImage),
			cells: table ? Array.from(table.querySelectorAll('th, td')).map(c => {
				const d = c.querySelector('div[align]');
				return {text: c.innerText.trim(), align: d ? d.getAttribute('align') : '', computed: getComputedStyle(d || c).textAlign.replace('-webkit-', '')};
			}) : [],
			caption: table && table.caption ? getComputedStyle(table.caption.querySelector('div') || table.caption).textAlign.replace('-webkit-', '') : '',
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		os.WriteFile(filepath.Join(artifacts(t), "notebook-polish.png"), shot, 0o644)
	}
	if got.Dirty || got.Unsaved {
		t.Errorf("a notebook methodic run wrote opens as modified (dirty %v, unsaved changes shown %v)", got.Dirty, got.Unsaved)
	}
	if got.TabSize != 4 {
		t.Errorf("tab size %d, want 4", got.TabSize)
	}
	if got.Tabs == 0 {
		t.Errorf("the tab-indented cell shows no tab")
	}
	for _, bg := range got.TabBackground {
		if bg != "none" {
			t.Errorf("a tab is drawn with a background image (the arrow): %s", bg)
		}
	}
	want := map[string]string{"name": "left", "count": "right", "a": "left", "a longer name": "left", "1": "right", "2200": "right"}
	if len(got.Cells) != len(want) {
		t.Errorf("the table shows %d cells, want %d: %+v", len(got.Cells), len(want), got.Cells)
	}
	for _, c := range got.Cells {
		if w, ok := want[c.Text]; !ok || c.Align != w || c.Computed != w {
			t.Errorf("cell %q: aligned %q, shown %q; want %q", c.Text, c.Align, c.Computed, w)
		}
	}
	if got.Caption != "left" {
		t.Errorf("the caption is aligned %q, want left", got.Caption)
	}
}
