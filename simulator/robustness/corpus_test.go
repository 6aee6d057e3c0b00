package robustness

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// corpusDir is the hostile corpus, relative to this package.
const corpusDir = "../../testdata/hostile"

// Servers a corpus file can name.
const (
	serverSCIM    = "castsim-scim"
	serverConsole = "castsim-console"
	serverIDP     = "idpsim-api"
	serverOAuth   = "idpsim-oauth"
)

// corpusFile is one file of the hostile corpus (see testdata/hostile/README.md).
type corpusFile struct {
	Server string       `yaml:"server"`
	Cases  []corpusCase `yaml:"cases"`
}

// corpusCase is one hostile request and what its server must answer.
type corpusCase struct {
	Name        string            `yaml:"name"`
	Method      string            `yaml:"method"`
	Path        string            `yaml:"path"`
	Headers     map[string]string `yaml:"headers"`
	ContentType string            `yaml:"contentType"`
	Auth        string            `yaml:"auth"` // "": the right credential; none, wrong, …
	Body        *string           `yaml:"body"`
	BodyBase64  string            `yaml:"bodyBase64"`
	Repeat      *struct {
		Text  string `yaml:"text"`
		Count int    `yaml:"count"`
	} `yaml:"repeat"`
	Status   string `yaml:"status"` // an exact status, or "4xx"
	ScimType string `yaml:"scimType"`
	Gap      string `yaml:"gap"` // a known gap of the server, reported until fixed
}

// corpusEntry is a case with the file and server it came from.
type corpusEntry struct {
	file   string
	server string
	corpusCase
}

// loadCorpus reads every YAML file of the corpus.
func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("list corpus files in %s: %v (found %d)", corpusDir, err, len(paths))
	}
	var out []corpusEntry
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read corpus: %v", err)
		}
		var f corpusFile
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("parse corpus %s: %v", p, err)
		}
		for _, c := range f.Cases {
			if err := c.check(f.Server); err != nil {
				t.Fatalf("corpus %s, case %q: %v", p, c.Name, err)
			}
			out = append(out, corpusEntry{file: filepath.Base(p), server: f.Server, corpusCase: c})
		}
	}
	return out
}

func (c corpusCase) check(server string) error {
	switch server {
	case serverSCIM, serverConsole, serverIDP, serverOAuth:
	default:
		return fmt.Errorf("unknown server %q", server)
	}
	if c.Name == "" || c.Method == "" || !strings.HasPrefix(c.Path, "/") {
		return fmt.Errorf("name, method and a path starting with / are required")
	}
	if c.Status != "4xx" {
		if n, err := strconv.Atoi(c.Status); err != nil || n < 400 || n > 499 {
			return fmt.Errorf("status %q: want a 4xx status or \"4xx\"", c.Status)
		}
	}
	if c.Body != nil && c.BodyBase64 != "" {
		return fmt.Errorf("body and bodyBase64 are exclusive")
	}
	return nil
}

// request expands the case's placeholders and credentials into a request.
func (e corpusEntry) request(t *testing.T, st *stack, w world) (string, http.Header, []byte) {
	t.Helper()
	fill := func(s string) string {
		for k, v := range w {
			s = strings.ReplaceAll(s, "{{"+k+"}}", v)
		}
		if strings.Contains(strings.ReplaceAll(s, "{{repeat}}", ""), "{{") {
			t.Fatalf("unfilled placeholder in %.200q", s)
		}
		if e.Repeat != nil {
			s = strings.ReplaceAll(s, "{{repeat}}", strings.Repeat(e.Repeat.Text, e.Repeat.Count))
		}
		return s
	}

	var body []byte
	switch {
	case e.BodyBase64 != "":
		var err error
		if body, err = base64.StdEncoding.DecodeString(e.BodyBase64); err != nil {
			t.Fatalf("bodyBase64: %v", err)
		}
	case e.Body != nil:
		body = []byte(fill(*e.Body))
	}

	h := http.Header{}
	base := st.castURL
	switch e.server {
	case serverSCIM:
		h.Set("Content-Type", "application/scim+json; charset=utf-8")
		h.Set("Authorization", "Bearer "+st.scimToken)
	case serverConsole:
		h.Set("Content-Type", "application/json")
		h.Set("X-Api-Key", st.apiKey)
	case serverIDP:
		base = st.idpURL
		h.Set("Content-Type", "application/json")
		h.Set("Authorization", "SSWS "+st.adminToken)
	case serverOAuth:
		// OAuth cases carry their own client credentials, in the form or a header.
		base = st.idpURL
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	e.applyAuth(t, st, h)
	if e.ContentType != "" {
		h.Set("Content-Type", e.ContentType)
	}
	for k, v := range e.Headers {
		h.Set(k, fill(v))
	}
	if body == nil {
		h.Del("Content-Type")
	}
	return base + fill(e.Path), h, body
}

// applyAuth replaces the right credential as the case's auth field says.
func (e corpusEntry) applyAuth(t *testing.T, st *stack, h http.Header) {
	t.Helper()
	key := "Authorization"
	if e.server == serverConsole {
		key = "X-Api-Key"
	}
	switch e.Auth {
	case "":
	case "none", "header": // header: the case sets its own credential header
		h.Del(key)
	case "wrong":
		h.Set(key, strings.Replace(h.Get(key), h.Get(key)[len(h.Get(key))-8:], "deadbeef", 1))
	case "console-key":
		h.Set(key, "Bearer "+st.apiKey)
	case "scim-token":
		h.Set(key, st.scimToken)
	default:
		t.Fatalf("unknown auth %q", e.Auth)
	}
}
