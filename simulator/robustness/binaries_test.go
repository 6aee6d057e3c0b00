package robustness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/internal/testlog"
)

// slowHeaderBound is how long a server may keep a connection whose request
// headers never end. Both binaries set ReadHeaderTimeout to 5s; a server
// with only a ReadTimeout (30s) or none at all holds it much longer.
const slowHeaderBound = 12 * time.Second

// binary is one server binary built and started for a test.
type binary struct {
	name    string
	addr    string
	stderr  *testlog.Buffer
	secrets map[string]string
}

// startBinary builds cmd/<name> and runs it on a free loopback port with
// env, returning once it logs that it listens.
func startBinary(t *testing.T, name string, env map[string]string) *binary {
	t.Helper()
	exe := filepath.Join(t.TempDir(), name)
	build := exec.Command("go", "build", "-o", exe, "github.com/idpsim/idpsim/cmd/"+name)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, out)
	}

	b := &binary{name: name, stderr: &testlog.Buffer{}, secrets: map[string]string{}}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	prefix := strings.ToUpper(name) + "_"
	for k, v := range env {
		cmd.Env = append(cmd.Env, prefix+k+"="+v)
		if strings.HasSuffix(k, "TOKEN") || strings.HasSuffix(k, "KEY") ||
			strings.HasSuffix(k, "SECRET") {
			b.secrets[k] = v
		}
	}
	pr, pw := io.Pipe()
	cmd.Stderr = io.MultiWriter(b.stderr, pw)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		_ = pw.Close()
	})

	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			err := json.Unmarshal(sc.Bytes(), &line)
			if err == nil && strings.HasSuffix(line.Msg, "listening") {
				addr <- line.Addr
				break
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	select {
	case b.addr = <-addr:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not log that it listens:\n%s", name, b.stderr.String())
	}
	return b
}

// TestBinariesBoundSlowAndLargeRequests starts the idpsim and castsim
// binaries and checks what their http.Server settings promise, from the
// outside: a request whose headers never end is cut off (read-header
// timeout), headers over 1 MiB get 431, castsim refuses a body over 1 MiB
// with 413, and neither binary logs a secret it was given.
func TestBinariesBoundSlowAndLargeRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both binaries; skipped with -short")
	}
	bins := []struct {
		name string
		env  map[string]string
	}{
		{"idpsim", map[string]string{
			"ADDR": "127.0.0.1:0", "ADMIN_TOKEN": secret("ssws"),
			"LOG_LEVEL": "debug",
		}},
		{"castsim", map[string]string{
			"ADDR": "127.0.0.1:0", "SCIM_TOKEN": secret("scim"),
			"API_KEY": secret("key"), "SSO_CLIENT_SECRET": secret("client"), "LOG_LEVEL": "debug",
		}},
	}
	for _, bin := range bins {
		t.Run(bin.name, func(t *testing.T) {
			t.Parallel()
			b := startBinary(t, bin.name, bin.env)
			checkSlowHeaders(t, b.addr)
			checkHugeHeaders(t, b.addr)
			if b.name == "castsim" {
				checkCastsimBodyLimit(t, b.addr, bin.env["SCIM_TOKEN"])
			}
			for k, v := range b.secrets {
				if strings.Contains(b.stderr.String(), v) {
					t.Errorf("%s logged its %s", b.name, k)
				}
			}
		})
	}
}

// checkSlowHeaders opens a connection, sends half a request and measures
// how long the server keeps the connection.
func checkSlowHeaders(t *testing.T, addr string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	start := time.Now()
	half := "GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Slow: "
	if _, err := io.WriteString(conn, half); err != nil {
		t.Fatalf("write: %v", err)
	}
	_ = conn.SetReadDeadline(start.Add(slowHeaderBound))
	_, err = io.ReadAll(conn)
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		t.Errorf("a request with unfinished headers was still open after %v", slowHeaderBound)
	default:
		took := time.Since(start).Round(time.Millisecond)
		t.Logf("unfinished headers: connection closed after %v", took)
	}
}

// checkHugeHeaders sends 2 MiB of headers; Go's default limit is 1 MiB.
func checkHugeHeaders(t *testing.T, addr string) {
	t.Helper()
	ctx := context.Background()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/healthz", nil)
	req.Header.Set("X-Huge", strings.Repeat("h", 2<<20))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// The server may close the connection while the client still writes.
		t.Logf("2 MiB of headers: %v", err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("2 MiB of headers answered %d, want 431", resp.StatusCode)
	}
}

func checkCastsimBodyLimit(t *testing.T, addr, token string) {
	t.Helper()
	body := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],` +
		`"userName":"big@example.com",` +
		`"displayName":"` + strings.Repeat("b", 2<<20) + `"}`
	ctx := context.Background()
	req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/scim/v2/Users",
		bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post 2 MiB: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body answered %d, want 413", resp.StatusCode)
	}
}
