package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, got string)
		wantErr string
	}{
		{
			name: "defaults are embedded with clean-up on", args: nil,
			check: expect("embedded=true cleanup=true format=progress wait=0s"),
		},
		{
			name: "environment twin", env: map[string]string{
				"CONFORMANCE_TARGET_SCIM_URL": "http://127.0.0.1:9/scim/v2", "CONFORMANCE_TARGET_SCIM_TOKEN": "tok",
				"CONFORMANCE_WAIT_TIMEOUT": "7s", "CONFORMANCE_CLEANUP": "false",
			},
			check: expect("embedded=false cleanup=false format=progress wait=7s"),
		},
		{
			name: "flag beats environment", args: []string{"--wait-timeout", "3s", "--format", "pretty"},
			env:   map[string]string{"CONFORMANCE_WAIT_TIMEOUT": "7s"},
			check: expect("embedded=true cleanup=true format=pretty wait=3s"),
		},
		{
			name: "a SCIM URL needs its token", args: []string{"--target-scim-url", "http://h/scim/v2"},
			wantErr: "needs a target SCIM token",
		},
		{name: "console needs key and org", args: []string{
			"--target-scim-url", "http://h/scim/v2",
			"--target-scim-token", "t", "--target-console-url", "http://h",
		}, wantErr: "API key and an org id"},
		{name: "unknown format", args: []string{"--format", "junit"}, wantErr: "want pretty or progress"},
		{
			name: "bad env value", env: map[string]string{"CONFORMANCE_CONCURRENCY": "many"},
			wantErr: `CONFORMANCE_CONCURRENCY (--concurrency) = "many": want a whole number`,
		},
		{
			name: "bad env boolean", env: map[string]string{"CONFORMANCE_CLEANUP": "nope"},
			wantErr: `CONFORMANCE_CLEANUP (--cleanup) = "nope": want true or false`,
		},
		{
			name: "bad env duration", env: map[string]string{"CONFORMANCE_POLL_INTERVAL": "soon"},
			wantErr: `CONFORMANCE_POLL_INTERVAL (--poll-interval) = "soon": want a duration such as 30s or 500ms`,
		},
		{
			name: "every problem at once", args: []string{"--log-level", "loud", "--format", "junit"},
			env: map[string]string{"CONFORMANCE_CLEANUP": "nope"},
			wantErr: "CONFORMANCE_CLEANUP (--cleanup) = \"nope\": want true or false\n" +
				"--log-level \"loud\": want debug, info, warn or error\nformat \"junit\": want pretty or progress",
		},
		{
			name: "log level", args: []string{"--log-level", "loud"},
			wantErr: `--log-level "loud": want debug, info, warn or error`,
		},
		{
			name: "unknown defect", args: []string{"--defect", "store-title, nosuch"},
			wantErr: `unknown defect "nosuch": want one of `,
		},
		{
			name: "defect on your own target", args: []string{
				"--defect", "store-title", "--target-scim-url", "http://h/scim/v2", "--target-scim-token", "t",
			},
			wantErr: "embedded castsim only",
		},
		{
			name: "idpsim by URL without a target", args: []string{"--idp-url", "http://h", "--idp-token", "t"},
			wantErr: "--idp-url and --idp-token go with --target-scim-url",
		},
		{
			name: "idpsim token alone without a target", args: []string{"--idp-token", "t"},
			wantErr: "--idp-url and --idp-token go with --target-scim-url",
		},
		{
			name: "cucumber-style tags", args: []string{"--tags", "@scim and not @serial"},
			wantErr: `tag expression "@scim and not @serial" does not parse: write @tag, ~@tag (not)`,
		},
		{name: "stray argument", args: []string{"bench"}, wantErr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			cfg, err := parseFlags(tt.args, &bytes.Buffer{}, getenv)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, describeConfig(cfg.Embedded(), cfg.Cleanup, cfg.Format, cfg.WaitTimeout))
		})
	}
}

func describeConfig(embedded, cleanup bool, format string, wait time.Duration) string {
	return "embedded=" + boolText(embedded) + " cleanup=" + boolText(cleanup) + " format=" + format +
		" wait=" + wait.String()
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func expect(want string) func(t *testing.T, got string) {
	return func(t *testing.T, got string) {
		t.Helper()
		if got != want {
			t.Errorf("config %q, want %q", got, want)
		}
	}
}

// TestExitStatus runs the command on a slice of the suite: 0 when it passes,
// 1 with a JUnit file naming the failure when castsim is broken, 2 for bad
// options.
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    string
		wantErr    string
	}{
		{name: "passing slice", args: []string{
			"--tags", "@scim && ~@serial", "--no-color", "--random", "7",
			"--cucumber", filepath.Join(dir, "new", "cucumber.json"),
		}, wantOut: "scenarios shuffled with seed 7"},
		{name: "broken target", args: []string{
			"--tags", "@scim", "--no-color", "--defect", "no-uniqueness",
			"--junit", filepath.Join(dir, "reports", "junit.xml"),
		}, wantStatus: 1, wantOut: "FAILED  12_scim_protocol.feature"},
		{name: "bad option", args: []string{"--concurrency", "-3"}, wantStatus: 2},
		{name: "malformed tags", args: []string{"--tags", "@scim &&"}, wantStatus: 2, wantErr: "does not parse"},
		{
			name: "tags matching nothing", args: []string{"--tags", "@nothing"}, wantStatus: 1,
			wantOut: "no scenario ran: check --tags (the features use @console, @scim, @serial, @sso)",
		},
		{
			name: "unknown defect", args: []string{"--defect", "nosuch"}, wantStatus: 2,
			wantErr: `unknown defect "nosuch": want one of`,
		},
		{
			name: "unreachable target", wantStatus: 2, wantErr: "reach the target SCIM service",
			args: []string{"--target-scim-url", "http://127.0.0.1:1/scim/v2", "--target-scim-token", "t"},
		},
		{
			name: "report under a file", wantStatus: 2, wantErr: "--junit " + filepath.Join(dir, "junit.xml", "x.xml"),
			args: []string{"--junit", filepath.Join(dir, "junit.xml", "x.xml")},
		},
	}
	if err := os.WriteFile(filepath.Join(dir, "junit.xml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			status := run(tt.args, &out, &errOut, func(string) string { return "" })
			if status != tt.wantStatus {
				t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", status, tt.wantStatus,
					out.String(), errOut.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out.String())
			}
			if !strings.Contains(errOut.String(), tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, errOut.String())
			}
			if strings.Contains(out.String(), "Randomized with seed") {
				t.Errorf("the seed is printed twice:\n%s", out.String())
			}
			if tt.wantStatus == 2 && (out.Len() > 0 || strings.Count(errOut.String(), "\n") != 1) {
				t.Errorf("want one line on stderr and no scenario run\nstdout:\n%s\nstderr:\n%s",
					out.String(), errOut.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "new", "cucumber.json")); err != nil {
		t.Errorf("no cucumber report in a new folder: %v", err)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "reports", "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(junit), `<failure message="Then it passes the SCIM check`) {
		t.Errorf("junit report names no failing step:\n%s", junit)
	}
}

// TestColourOnlyToATerminal checks that colours are off for anything but a
// terminal and under NO_COLOR, even without --no-color.
func TestColourOnlyToATerminal(t *testing.T) {
	var out bytes.Buffer
	status := run([]string{"--tags", "@scim && ~@serial"}, &out, io.Discard,
		func(string) string { return "" })
	if status != 0 {
		t.Fatalf("exit status %d:\n%s", status, out.String())
	}
	if strings.Contains(out.String(), "\x1b[") {
		t.Errorf("output to a buffer carries ANSI escapes:\n%q", out.String())
	}

	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Logf("no terminal to check the positive case: %v", err)
	} else {
		defer tty.Close()
		if !colourAllowed(tty, func(string) string { return "" }) {
			t.Error("a terminal gets no colours")
		}
		env := map[string]string{"NO_COLOR": "1"}
		if colourAllowed(tty, func(k string) string { return env[k] }) {
			t.Error("NO_COLOR=1 still allows colours on a terminal")
		}
	}
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if colourAllowed(file, func(string) string { return "" }) {
		t.Error("a regular file gets colours")
	}
}
