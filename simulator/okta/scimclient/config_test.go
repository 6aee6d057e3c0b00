package scimclient

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{Target: Target{BaseURL: "https://scim.example.com/scim/v2"}}
	tests := []struct {
		name  string
		edit  func(c *Config)
		wants []string // substrings; empty means valid
	}{
		{"defaults are valid", func(*Config) {}, nil},
		{"every known setting", func(c *Config) {
			c.Settings = Settings{
				Profile: "AIW", FilterEncoding: FilterPlus,
				PushNowShape: PushNowPathless, BatchSize: 1000,
			}
			c.AuthScheme = "basic"
			c.Username = "u"
		}, nil},
		{"every problem at once", func(c *Config) {
			c.BaseURL = "ftp://x"
			c.AuthScheme = "OAUTH"
			c.Profile = "entra"
			c.FilterEncoding = "raw"
			c.PushNowShape = "diff"
			c.BatchSize = 50
			c.RequestTimeout = -time.Second
			c.TimeScale = -1
		}, []string{
			"base URL", "auth scheme", "client profile", "filter encoding",
			"push now shape", "batch size 50", "request timeout", "time scale",
		}},
		{
			"basic needs a username", func(c *Config) { c.AuthScheme = AuthBasic },
			[]string{"username"},
		},
		{"relative base URL", func(c *Config) { c.BaseURL = "/scim/v2" }, []string{"base URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.Validate()
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				if _, err := New(c); err != nil {
					t.Fatalf("New = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate = nil, want errors")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate = %v, lacks %q", err, w)
				}
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(Config{Target: Target{BaseURL: "http://127.0.0.1:1/scim/v2/"}})
	must(t, err)
	s := c.Settings()
	if s.Profile != ProfileOIN || s.FilterEncoding != FilterPct20 ||
		s.PushNowShape != PushNowPath || s.BatchSize != 100 {
		t.Errorf("settings = %+v, want Okta's defaults", s)
	}
	if c.cfg.RequestTimeout != 60*time.Second || c.cfg.BaseURL != "http://127.0.0.1:1/scim/v2" {
		t.Errorf("timeout %s base %s", c.cfg.RequestTimeout, c.cfg.BaseURL)
	}
}
