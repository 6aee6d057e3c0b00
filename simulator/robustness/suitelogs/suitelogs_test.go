package suitelogs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/internal/testlog"

	"github.com/idpsim/idpsim/harness"
)

// secretKey matches log attribute names that would carry a secret.
var secretKey = regexp.MustCompile(`(?i)(token|secret|password|passwd|authorization|api_?key|` +
	`cookie|credential|bearer)`)

// secretShapes are the shapes of the secrets a suite run handles: the
// harness's generated secrets (36 hex digits), castsim's SCIM tokens and
// session ids, JWTs (ID tokens), and credentials in header form.
var secretShapes = []*regexp.Regexp{
	regexp.MustCompile(`\b[0-9a-f]{36}\b`),
	regexp.MustCompile(`castai-scim-[0-9a-f]{8,}`),
	regexp.MustCompile(`castsim-session-[0-9a-f]{8,}`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ`),
	regexp.MustCompile(`(?i)\b(bearer|ssws|basic)\s+[A-Za-z0-9._~+/=-]{8,}`),
}

// TestSuiteLogsHoldNoSecrets runs every conformance scenario with both
// embedded servers and the harness logging at debug level, then reads every
// line: no attribute named like a secret may hold a value that is not
// masked, and no value may have the shape of a secret.
func TestSuiteLogsHoldNoSecrets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole conformance suite; skipped with -short")
	}
	var logs testlog.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	res, err := harness.Run(context.Background(), harness.Config{
		Logger: logger, Output: io.Discard, NoColor: true,
	})
	if err != nil {
		t.Fatalf("run the conformance suite: %v", err)
	}

	lines, findings := scan(t, []byte(logs.String()))
	for _, f := range findings {
		t.Error(f)
	}
	if lines < 200 {
		t.Fatalf("the suite logged %d lines; debug logging did not reach the servers", lines)
	}
	t.Logf("suite logs: %d scenarios run, %d log lines read, %d secrets found",
		scenarios(res), lines, len(findings))
}

// scan checks every JSON log line and returns the line count and findings.
func scan(t *testing.T, data []byte) (int, []string) {
	t.Helper()
	var findings []string
	lines := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines++
		var entry map[string]any
		if err := json.Unmarshal(sc.Bytes(), &entry); err != nil {
			t.Fatalf("log line %d is not JSON: %v", lines, err)
		}
		findings = append(findings, check("", entry, sc.Text())...)
	}
	return lines, findings
}

// check walks one log value; line is the whole line, for the report.
func check(key string, v any, line string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, vv := range x {
			out = append(out, check(k, vv, line)...)
		}
	case []any:
		for _, vv := range x {
			out = append(out, check(key, vv, line)...)
		}
	case string:
		if secretKey.MatchString(key) && !strings.HasSuffix(key, "_id") && !masked(x) {
			out = append(out, "attribute "+key+" holds a value: "+clip(line))
		}
		for _, re := range secretShapes {
			if re.MatchString(x) {
				out = append(out, "a value has the shape of a secret ("+re.String()+"): "+
					clip(line))
			}
		}
	}
	return out
}

// masked reports whether a logged value hides what it stands for.
func masked(s string) bool {
	return s == "" || strings.Contains(s, "***") || strings.Contains(strings.ToLower(s), "redacted")
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// scenarios counts the scenarios that ran (passed or failed).
func scenarios(res *harness.Result) int {
	n := 0
	for _, sc := range res.Scenarios {
		if sc.Status != harness.StatusSkipped {
			n++
		}
	}
	return n
}

// TestScanFindsSecrets shows that the scan catches each kind of leak and
// lets masked and harmless values pass.
func TestScanFindsSecrets(t *testing.T) {
	hex36 := strings.Repeat("a1", 18)
	tests := []struct {
		name string
		line string
		want int
	}{
		{"secret-named attribute", `{"msg":"m","client_secret":"s3cr3t"}`, 1},
		{"nested password", `{"msg":"m","req":{"password":"hunter2"}}`, 1},
		{"masked authorization", `{"msg":"m","authorization":"Bearer ***"}`, 0},
		{"token count and id", `{"msg":"m","tokens":3,"token_id":"5b2a"}`, 0},
		{"harness secret in a path", `{"msg":"m","path":"/x/` + hex36 + `"}`, 1},
		{"castsim SCIM token in a query", `{"msg":"m","query":"t=castai-scim-0123abcd"}`, 1},
		{"bearer header in an error", `{"msg":"m","err":"sent Bearer abcdefgh123"}`, 1},
		{"JWT", `{"msg":"m","body":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig"}`, 1},
		{"uuid is no secret", `{"msg":"m","user_id":"5b2a4c1e-7d3f-4e8a-9c61-0f2d8b7a4e15"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, findings := scan(t, []byte(tt.line+"\n"))
			if len(findings) != tt.want {
				t.Errorf("%d findings, want %d: %v", len(findings), tt.want, findings)
			}
		})
	}
}
