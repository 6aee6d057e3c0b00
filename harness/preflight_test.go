package harness

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cucumber/godog"
)

// TestProbeTarget checks the up-front probe: a target that answers HTTP,
// whatever its status, is one to judge; one that does not is a set-up error.
func TestProbeTarget(t *testing.T) {
	answering := func(status int) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(status)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	tests := []struct {
		name        string
		scimURL     string
		consoleURL  string
		wantErr     string
		wantWarning string
	}{
		{name: "answers 200", scimURL: answering(http.StatusOK)},
		{name: "answers 404", scimURL: answering(http.StatusNotFound)},
		{name: "answers 401", scimURL: answering(http.StatusUnauthorized), wantWarning: "may be wrong"},
		{name: "refuses connections", scimURL: closedURL(t), wantErr: "reach the target SCIM service"},
		{name: "speaks no HTTP", scimURL: notHTTP(t), wantErr: "reach the target SCIM service"},
		{
			name: "console refuses connections", scimURL: answering(http.StatusOK), consoleURL: closedURL(t),
			wantErr: "reach the target console API",
		},
		{name: "console answers 404", scimURL: answering(http.StatusOK), consoleURL: answering(http.StatusNotFound)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings bytes.Buffer
			cfg := Config{
				TargetSCIMURL: tt.scimURL + "/scim/v2", TargetSCIMToken: "t",
				TargetConsoleURL: tt.consoleURL, Warnings: &warnings,
			}
			err := probeTarget(t.Context(), newHTTPClient(), cfg)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("error is not one line: %q", err)
			}
			if tt.wantWarning == "" && warnings.Len() > 0 || !strings.Contains(warnings.String(), tt.wantWarning) {
				t.Errorf("warnings %q, want %q", warnings.String(), tt.wantWarning)
			}
		})
	}
}

// closedURL returns the URL of a loopback port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// notHTTP returns the URL of a port that answers like an SSH server.
func notHTTP(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
			_ = c.Close()
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestRunRefusesAnUnreachableTarget checks that no scenario starts when
// the target does not answer.
func TestRunRefusesAnUnreachableTarget(t *testing.T) {
	var out bytes.Buffer
	cfg := Config{TargetSCIMURL: closedURL(t) + "/scim/v2", TargetSCIMToken: "t", Output: &out}
	res, err := Run(t.Context(), cfg)
	if err == nil || res != nil {
		t.Fatalf("result %v, error %v: want no result and an error", res, err)
	}
	if out.Len() > 0 {
		t.Errorf("scenarios ran:\n%s", out.String())
	}
}

func TestCheckTags(t *testing.T) {
	tests := []struct {
		expr string
		ok   bool
	}{
		{"", true},
		{"@scim", true},
		{"~@serial", true},
		{"@scim && ~@serial", true},
		{"@scim,@console", true},
		{"@scim && ~@serial, @sso", true},
		{"@scim &&", false},
		{"&& @scim", false},
		{"@scim,", false},
		{"@", false},
		{"@scim and not @serial", false},
		{"@scim || @console", false},
		{"(@scim)", false},
		{"scim", false},
	}
	for _, tt := range tests {
		err := checkTags(tt.expr)
		if (err == nil) != tt.ok {
			t.Errorf("checkTags(%q) = %v, want ok %t", tt.expr, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "does not parse: write @tag") {
			t.Errorf("checkTags(%q) = %v, want the hint", tt.expr, err)
		}
	}
}

// TestRunRefusesBadTags checks that an expression godog would panic on, or
// read as a tag no scenario has, stops the run with the hint.
func TestRunRefusesBadTags(t *testing.T) {
	for _, expr := range []string{"@scim &&", "@scim and not @serial"} {
		res, err := Run(t.Context(), Config{Tags: expr})
		if err == nil || res != nil {
			t.Fatalf("--tags %q: result %v, error %v", expr, res, err)
		}
		if strings.Contains(err.Error(), "runtime error") || !strings.Contains(err.Error(), "does not parse") {
			t.Errorf("--tags %q: error %q", expr, err)
		}
	}
}

func TestFeatureTags(t *testing.T) {
	features := []godog.Feature{
		{Contents: []byte("@scim\nFeature: a\n  @serial @console\n  Scenario: b\n    Given alice@acme.test\n")},
		{Contents: []byte("@scim @sso\nFeature: c\n")},
	}
	got := strings.Join(featureTags(features), " ")
	if got != "@console @scim @serial @sso" {
		t.Errorf("tags %q", got)
	}
}

func TestValidateRefuses(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown defect", Config{Defects: []string{"nosuch"}}, `unknown defect "nosuch": want one of `},
		{
			"defect on a shared target",
			Config{TargetSCIMURL: "http://h/scim/v2", TargetSCIMToken: "t", Defects: []string{"store-title"}},
			"embedded castsim only",
		},
		{"idp URL when embedded", Config{IDPURL: "http://h", IDPToken: "t"}, "go with --target-scim-url"},
		{"idp token when embedded", Config{IDPToken: "t"}, "go with --target-scim-url"},
		{"one file for two reports", Config{JUnitFile: "r.xml", CucumberFile: "./r.xml"}, "name two files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if err := (Config{Defects: []string{"store-title"}}).Validate(); err != nil {
		t.Errorf("a known defect: %v", err)
	}
}

func TestPrepareReports(t *testing.T) {
	dir := t.TempDir()
	junit := filepath.Join(dir, "reports", "ci", "junit.xml")
	cucumber := filepath.Join(dir, "cucumber.json")
	if err := os.WriteFile(cucumber, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Config{JUnitFile: junit, CucumberFile: cucumber}).PrepareReports(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(junit)); err != nil {
		t.Errorf("the report folder is missing: %v", err)
	}
	if _, err := os.Stat(junit); !os.IsNotExist(err) {
		t.Errorf("an empty report is left behind: %v", err)
	}
	if data, _ := os.ReadFile(cucumber); string(data) != "old" {
		t.Errorf("an existing report became %q before the run", data)
	}

	// A path under a regular file cannot be created: no new folder stays.
	good := filepath.Join(dir, "new", "junit.xml")
	bad := filepath.Join(cucumber, "c.json")
	err := Config{JUnitFile: good, CucumberFile: bad}.PrepareReports()
	if err == nil || !strings.Contains(err.Error(), "--cucumber "+bad) {
		t.Fatalf("error %v, want one naming --cucumber %s", err, bad)
	}
	if _, err := os.Stat(filepath.Dir(good)); !os.IsNotExist(err) {
		t.Errorf("a folder made for a run that did not start is left behind: %v", err)
	}
}

func TestSummaryListsTheTagsWhenNoneRan(t *testing.T) {
	var out bytes.Buffer
	(&Result{FeatureTags: []string{"@console", "@scim"}}).WriteSummary(&out)
	if !strings.Contains(out.String(), "no scenario ran: check --tags (the features use @console, @scim)") {
		t.Errorf("summary:\n%s", out.String())
	}
}
