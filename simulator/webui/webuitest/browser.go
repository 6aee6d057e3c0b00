// Package webuitest drives a console built on package webui from tests the
// way a browser does: a cookie jar, redirects not followed, form posts with
// the CSRF token read from a page, and checks that names holding markup are
// shown escaped.
package webuitest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/csrf"
)

// Hostile is a name that runs script if a page shows it unescaped;
// HostileEscaped is how a page must show it.
const (
	Hostile        = `<script>alert("x")</script>`
	HostileEscaped = `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`
)

// Browser is one browser of a console served at a base URL.
type Browser struct {
	// Client keeps the browser's cookies and follows no redirect.
	Client *http.Client

	t        *testing.T
	base     string
	formPage string
}

// NewBrowser returns a browser of the server at baseURL. formPage is a
// path whose page carries a CSRF field even when signed out, such as the
// sign-in page.
func NewBrowser(t *testing.T, baseURL, formPage string) *Browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookie jar: %v", err)
	}
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	return &Browser{Client: client, t: t, base: baseURL, formPage: formPage}
}

// Get fetches path and returns the status and either the Location of a
// redirect or the body.
func (b *Browser) Get(path string) (int, string) {
	b.t.Helper()
	return b.get(b.t, path)
}

func (b *Browser) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := b.Client.Get(b.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return answer(resp)
}

// Post submits a form, with the CSRF token when withToken, and returns the
// status and either the Location of a redirect or the body.
func (b *Browser) Post(path string, form url.Values, withToken bool) (int, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if withToken {
		form.Set(csrf.FieldName, b.CSRFToken())
	}
	resp, err := b.Client.Post(b.base+path, "application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatalf("POST %s: %v", path, err)
	}
	return answer(resp)
}

func answer(resp *http.Response) (int, string) {
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(body)
}

var tokenField = regexp.MustCompile(`name="` + csrf.FieldName + `" value="([^"]+)"`)

// CSRFToken reads the form token from the form page.
func (b *Browser) CSRFToken() string {
	b.t.Helper()
	_, body := b.Get(b.formPage)
	m := tokenField.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no CSRF field on %s", b.formPage)
	}
	return m[1]
}

// CheckPage fetches path and fails t unless it answers 200 with every
// string of want, never shows Hostile unescaped and, when hostile, shows it
// escaped.
func (b *Browser) CheckPage(t *testing.T, path string, want []string, hostile bool) {
	t.Helper()
	status, body := b.get(t, path)
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200:\n%s", status, body)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(body, Hostile) {
		t.Errorf("page holds the raw script tag of a hostile name")
	}
	if hostile && !strings.Contains(body, HostileEscaped) {
		t.Errorf("page lacks the escaped hostile name %q", HostileEscaped)
	}
}
