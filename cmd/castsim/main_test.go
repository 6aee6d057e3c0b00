package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/internal/testlog"
	"github.com/idpsim/idpsim/simulator/castai"
)

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, o options)
		wantErr string
	}{
		{"defaults", nil, nil, func(t *testing.T, o options) {
			t.Helper()
			if o.Addr != "127.0.0.1:8081" || o.orgID != castai.DefaultOrgID || o.LogLevel != "info" {
				t.Errorf("defaults = %+v", o)
			}
		}, ""},
		{"environment twins", nil, map[string]string{
			"CASTSIM_ADDR": ":9", "CASTSIM_SCIM_TOKEN": "tok",
			"CASTSIM_API_KEY": "key", "CASTSIM_SSO_CLIENT_SECRET": "sec",
			"CASTSIM_DEFECT":              "no-uniqueness, store-title",
			"CASTSIM_SSO_BACKCHANNEL_URL": "http://idpsim:8080",
		}, func(t *testing.T, o options) {
			t.Helper()
			if o.ssoBackchannel != "http://idpsim:8080" {
				t.Errorf("back-channel URL = %q", o.ssoBackchannel)
			}
			if o.Addr != ":9" || o.scimToken != "tok" || o.apiKey != "key" || o.ssoClientSecret != "sec" {
				t.Errorf("env not read: %+v", o)
			}
			if !slices.Equal(o.defects, []string{"no-uniqueness", "store-title"}) {
				t.Errorf("defects = %v", o.defects)
			}
		}, ""},
		{
			"flags beat environment",
			[]string{
				"--addr", ":7", "--scim-token", "flag-tok",
				"--defect", "ignore-member-remove", "--defect", "store-title",
			},
			map[string]string{
				"CASTSIM_ADDR": ":9", "CASTSIM_SCIM_TOKEN": "env-tok",
				"CASTSIM_DEFECT": "no-uniqueness",
			},
			func(t *testing.T, o options) {
				t.Helper()
				if o.Addr != ":7" || o.scimToken != "flag-tok" {
					t.Errorf("flags lost: %+v", o)
				}
				if !slices.Equal(o.defects, []string{"ignore-member-remove", "store-title"}) {
					t.Errorf("defects = %v", o.defects)
				}
			}, "",
		},
		{"tls half", []string{"--tls-cert", "c.pem"}, nil, nil, "go together"},
		{"bad level", []string{"--log-level", "loud"}, nil, nil, "log-level"},
		{"stray argument", []string{"serve"}, nil, nil, "unexpected"},
		{"empty org id", []string{"--org-id", " "}, nil, nil, "--org-id"},
		{
			"SSO settings without a connection",
			[]string{"--sso-client-id", "castsim"},
			nil, nil,
			"set --scim-token too",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			o, err := parseFlags(tc.args, envFrom(tc.env), io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, o)
		})
	}
}

func TestHelpListsDefectsAndHidesSecrets(t *testing.T) {
	var out bytes.Buffer
	env := envFrom(map[string]string{
		"CASTSIM_SCIM_TOKEN": "very-secret-token",
		"CASTSIM_API_KEY":    "very-secret-key", "CASTSIM_SSO_CLIENT_SECRET": "very-secret-sso",
	})
	if err := run(context.Background(), []string{"--help"}, env, &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, d := range castai.Defects() {
		if !strings.Contains(out.String(), d.Name) || !strings.Contains(out.String(), d.Description) {
			t.Errorf("help lacks defect %s", d.Name)
		}
	}
	if strings.Contains(out.String(), "very-secret") {
		t.Errorf("help prints a secret:\n%s", out.String())
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testlog.Buffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	start := time.Now()
	args := []string{
		"--addr", "127.0.0.1:0", "--scim-token", "cmd-test-token",
		"--api-key", "cmd-key", "--log-level", "debug", "--defect", "store-title",
	}
	go func() {
		done <- run(ctx, args, envFrom(nil), logs, func(a string) { ready <- a })
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run ended early: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("not ready after 5s")
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("ready after %v, want well under a second", took)
	}

	if err := healthcheck(ctx, []string{"--addr", addr}, envFrom(nil), io.Discard); err != nil {
		t.Errorf("healthcheck: %v", err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/scim/v2/Users", nil)
	req.Header.Set("Authorization", "Bearer cmd-test-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("SCIM with the flag's token: %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown after 5s")
	}
	out := logs.String()
	for _, want := range []string{
		`"msg":"castsim listening"`, `"msg":"scim request"`,
		`"msg":"castsim shutting down"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"cmd-test-token", "cmd-key"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs hold a secret %q", secret)
		}
	}
}

func TestRunRefusesUnknownDefect(t *testing.T) {
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--defect", "nope"},
		envFrom(nil), io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("err = %v", err)
	}
}

func TestHealthcheckFailsWithoutServer(t *testing.T) {
	err := healthcheck(context.Background(), []string{"--addr", "127.0.0.1:1"}, envFrom(nil),
		io.Discard)
	if err == nil {
		t.Fatal("healthcheck passed with nothing listening")
	}
}
