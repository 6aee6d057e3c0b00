package serve

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
)

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEnvName(t *testing.T) {
	env := Env{Prefix: "CASTSIM_", Getenv: envFrom(nil)}
	for in, want := range map[string]string{
		"addr": "CASTSIM_ADDR", "scim-token": "CASTSIM_SCIM_TOKEN",
		"sso-backchannel-url": "CASTSIM_SSO_BACKCHANNEL_URL",
	} {
		if got := env.Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegister(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want Flags
	}{
		{
			name: "defaults",
			want: Flags{Addr: "127.0.0.1:8080", LogLevel: "info"},
		},
		{
			name: "environment twins",
			env: map[string]string{
				"X_ADDR": ":9", "X_TLS_CERT": "c.pem", "X_TLS_KEY": "k.pem", "X_LOG_LEVEL": "debug",
			},
			want: Flags{Addr: ":9", TLSCert: "c.pem", TLSKey: "k.pem", LogLevel: "debug"},
		},
		{
			name: "flags beat twins",
			env:  map[string]string{"X_ADDR": ":9", "X_LOG_LEVEL": "debug"},
			args: []string{"--addr", ":7", "--log-level", "warn"},
			want: Flags{Addr: ":7", LogLevel: "warn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Flags
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f.Register(fs, Env{Prefix: "X_", Getenv: envFrom(tt.env)}, "127.0.0.1:8080", "level")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if f != tt.want {
				t.Errorf("flags = %+v, want %+v", f, tt.want)
			}
		})
	}
}

func TestFlagsValidate(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		want  []string // substrings of the error; none means valid
	}{
		{name: "plain", flags: Flags{LogLevel: "info"}},
		{name: "tls", flags: Flags{TLSCert: "c", TLSKey: "k", LogLevel: "error"}},
		{
			name: "cert without key", flags: Flags{TLSCert: "c", LogLevel: "info"},
			want: []string{"--tls-cert and --tls-key go together"},
		},
		{
			name: "every problem at once", flags: Flags{TLSKey: "k", LogLevel: "loud"},
			want: []string{"go together", `--log-level "loud"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.flags.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestSchemeAndLevel(t *testing.T) {
	if got := (Flags{}).Scheme(); got != "http" {
		t.Errorf("Scheme() without TLS = %q", got)
	}
	if got := (Flags{TLSCert: "c"}).Scheme(); got != "https" {
		t.Errorf("Scheme() with TLS = %q", got)
	}
	for in, want := range map[string]slog.Level{
		"debug": slog.LevelDebug, "info": slog.LevelInfo, "WARN": slog.LevelWarn,
		"error": slog.LevelError,
	} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}
