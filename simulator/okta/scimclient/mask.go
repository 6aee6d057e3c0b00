package scimclient

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// Masked replaces every secret in the journal.
const Masked = "****"

// minSecretLen keeps a very short secret from masking unrelated text.
const minSecretLen = 6

// secretWords are the words that make a JSON member's name speak of a
// secret, compared without case.
var secretWords = []string{"password", "secret", "token", "apikey", "api_key"}

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
	return m.text(maskSecretMembers(string(b)))
}

// maskSecretMembers replaces the string value of every JSON member whose
// name speaks of a secret, without re-encoding the document (the journal
// keeps the bytes as sent, key order included). It walks the text once, so
// it costs little on the hot path of every exchange; text that is not JSON
// is left as it is.
func maskSecretMembers(s string) string {
	var out strings.Builder
	done := 0 // s[:done] is written to out or needs no change
	for i := 0; i < len(s); {
		if s[i] != '"' {
			i++
			continue
		}
		end := stringEnd(s, i)
		if end < 0 {
			break
		}
		colon := skipSpace(s, end+1)
		if colon < len(s) && s[colon] == ':' && secretName(s[i+1:end]) {
			v := skipSpace(s, colon+1)
			if vend := stringEnd(s, v); vend >= 0 {
				out.WriteString(s[done:v])
				out.WriteString(`"` + Masked + `"`)
				done, i = vend+1, vend+1
				continue
			}
		}
		i = end + 1
	}
	if done == 0 {
		return s
	}
	out.WriteString(s[done:])
	return out.String()
}

// stringEnd returns the index of the quote that closes the JSON string
// opening at s[start], or -1 when s[start] opens none.
func stringEnd(s string, start int) int {
	if start >= len(s) || s[start] != '"' {
		return -1
	}
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

func secretName(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
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
