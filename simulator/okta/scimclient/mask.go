package scimclient

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Masked replaces every secret in the journal.
const Masked = "****"

// minSecretLen keeps a very short secret from masking unrelated text.
const minSecretLen = 6

// secretKey matches a JSON member whose name speaks of a secret, and its
// string value, so that the value can be masked without re-encoding the
// document (the journal keeps the bytes as sent, key order included).
var secretKey = regexp.MustCompile(
	`("[^"\\]*(?i:password|secret|token|apikey|api_key)[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// masker hides one client's secrets: the Authorization value, any header
// that names a secret, JSON members that name one, and the literal token,
// password and Basic credentials wherever they appear.
type masker struct {
	literals []string
}

func newMasker(t Target) masker {
	var m masker
	_, credential, _ := strings.Cut(t.Token, " ") // "SSWS abc" as a raw header value
	for _, s := range []string{
		t.Token, credential, t.Password,
		base64.StdEncoding.EncodeToString([]byte(t.Username + ":" + t.Password)),
	} {
		if len(s) >= minSecretLen {
			m.literals = append(m.literals, s)
		}
	}
	return m
}

func (m masker) text(s string) string {
	for _, lit := range m.literals {
		s = strings.ReplaceAll(s, lit, Masked)
	}
	return s
}

func (m masker) body(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return m.text(secretKey.ReplaceAllString(string(b), `$1"`+Masked+`"`))
}

func (m masker) headers(h http.Header) map[string]string {
	out := flatHeaders(h)
	for k, v := range out {
		switch {
		case k == "Authorization" || k == "Proxy-Authorization":
			out[k] = maskAuthorization(v)
		case secretHeader(k):
			out[k] = Masked
		default:
			out[k] = m.text(v)
		}
	}
	return out
}

// maskAuthorization keeps the scheme word ("Bearer", "Basic") and hides the
// credentials; a raw value without a scheme is hidden whole.
func maskAuthorization(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok && scheme != "" {
		return scheme + " " + Masked
	}
	return Masked
}

func secretHeader(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"token", "secret", "key", "cookie", "password", "auth"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// record journals one attempt.
func (c *Client) record(tag Tag, attempt int, start time.Time, took time.Duration,
	hreq *http.Request, body []byte, resp *Response, err error,
) {
	if c.cfg.Journal == nil {
		return
	}
	m := newMasker(c.cfg.Target)
	e := Exchange{
		Time:           start.UTC(),
		AppID:          tag.AppID,
		UserID:         tag.UserID,
		GroupID:        tag.GroupID,
		Attempt:        attempt,
		Method:         hreq.Method,
		URL:            m.text(hreq.URL.String()),
		Path:           hreq.URL.Path,
		Query:          m.text(hreq.URL.RawQuery),
		RequestHeaders: m.headers(hreq.Header),
		RequestBody:    m.body(body),
		DurationMs:     float64(took.Microseconds()) / 1000,
	}
	if resp != nil {
		e.Status = resp.Status
		e.ResponseHeaders = m.headers(resp.Header)
		e.ResponseBody = m.body(resp.Body)
	}
	if err != nil {
		e.Error = m.text(err.Error())
	}
	c.cfg.Journal.Add(e)
}
