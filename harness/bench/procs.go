package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Bounds of a process's life in the benchmark.
const (
	readyTimeout = 10 * time.Second
	pollInterval = time.Millisecond
	stopTimeout  = 10 * time.Second
)

// processes runs the idpsim and castsim binaries as processes of their own.
type processes struct {
	o       Options
	tmp     string // build directory to remove; empty when BinDir was given
	idpsim  string
	castsim string
}

// newProcesses finds the binaries in o.BinDir or builds them.
func newProcesses(ctx context.Context, o Options) (*processes, error) {
	p := &processes{o: o}
	dir := o.BinDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "idpbench-")
		if err != nil {
			return nil, fmt.Errorf("make build directory: %w", err)
		}
		p.tmp, dir = tmp, tmp
		if err := build(ctx, o.ModuleDir, dir); err != nil {
			_ = p.close()
			return nil, err
		}
	}
	p.idpsim, p.castsim = filepath.Join(dir, "idpsim"), filepath.Join(dir, "castsim")
	for _, bin := range []string{p.idpsim, p.castsim} {
		if _, err := os.Stat(bin); err != nil {
			_ = p.close()
			return nil, fmt.Errorf("find binary: %w", err)
		}
	}
	return p, nil
}

// build compiles cmd/idpsim and cmd/castsim into dir.
func build(ctx context.Context, moduleDir, dir string) error {
	if moduleDir == "" {
		var err error
		if moduleDir, err = findModule(); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", dir+string(filepath.Separator),
		"./cmd/idpsim", "./cmd/castsim")
	cmd.Dir = moduleDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build binaries: %w: %s", err, out)
	}
	return nil
}

// findModule walks up from the working directory to the go.mod.
func findModule() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find module: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find module: no go.mod above the working directory " +
				"(run from the repository, or pass built binaries with --bin-dir)")
		}
		dir = parent
	}
}

func (p *processes) close() error {
	if p.tmp == "" {
		return nil
	}
	if err := os.RemoveAll(p.tmp); err != nil {
		return fmt.Errorf("remove build directory: %w", err)
	}
	return nil
}

// proc is one running binary.
type proc struct {
	name   string
	cmd    *exec.Cmd
	URL    string
	stderr *tailBuffer
	exited chan struct{}
}

// start runs bin on a free loopback port with env set and returns once its
// /healthz answers 200, with the time that took from the process start.
func start(ctx context.Context, bin string, env []string) (*proc, time.Duration, error) {
	addr, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	name := filepath.Base(bin)
	pr := &proc{
		name: name, URL: "http://" + addr, stderr: &tailBuffer{max: 4096},
		exited: make(chan struct{}),
	}
	pr.cmd = exec.Command(bin, "--addr", addr, "--log-level", "warn")
	pr.cmd.Env = append(os.Environ(), env...)
	pr.cmd.Stderr = pr.stderr

	began := time.Now()
	if err := pr.cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		_ = pr.cmd.Wait()
		close(pr.exited)
	}()
	if err := pr.waitReady(ctx); err != nil {
		_ = pr.stop()
		return nil, 0, err
	}
	return pr, time.Since(began), nil
}

// waitReady polls /healthz until it answers 200.
func (pr *proc) waitReady(ctx context.Context) error {
	hc := &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true},
		Timeout:   time.Second,
	}
	deadline := time.Now().Add(readyTimeout)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, pr.URL+"/healthz", nil)
		if err != nil {
			return fmt.Errorf("probe %s: %w", pr.name, err)
		}
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-pr.exited:
			return fmt.Errorf("%s exited before it was ready: %s", pr.name, pr.stderr)
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", pr.name, ctx.Err())
		case <-time.After(pollInterval):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s: %s", pr.name, readyTimeout, pr.stderr)
		}
	}
}

// stop sends SIGTERM and waits for the exit, killing the process if it
// does not end in time.
func (pr *proc) stop() error {
	_ = pr.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-pr.exited:
		return nil
	case <-time.After(stopTimeout):
		_ = pr.cmd.Process.Kill()
		<-pr.exited
		return fmt.Errorf("%s did not stop within %s", pr.name, stopTimeout)
	}
}

// peakRSS reads the process's peak resident set (VmHWM) in MiB.
func (pr *proc) peakRSS() (float64, error) {
	path := fmt.Sprintf("/proc/%d/status", pr.cmd.Process.Pid)
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read peak rss of %s: %w", pr.name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		if err != nil {
			return 0, fmt.Errorf("read peak rss of %s: %w", pr.name, err)
		}
		return kb / 1024, nil
	}
	return 0, fmt.Errorf("read peak rss of %s: no VmHWM in %s", pr.name, path)
}

// tailBuffer keeps the last max bytes written, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if extra := t.buf.Len() - t.max; extra > 0 {
		t.buf.Next(extra)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(t.buf.String())
}
