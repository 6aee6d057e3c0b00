package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

// browserTimeout bounds one page load of the scripted browser.
const browserTimeout = 30 * time.Second

// browser signs a person in over HTTP the way a browser would: it keeps
// cookies, follows redirects and posts idpsim's sign-in form. No real
// browser is needed for the @sso scenarios.
type browser struct {
	hc *http.Client
	// stopAt, when set, stops following redirects at URLs that start with
	// it: the page answered then is the redirect itself.
	stopAt string
}

// browserPage is the page a browser ended on.
type browserPage struct {
	status int
	url    *url.URL
	header http.Header
	body   []byte
}

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{}
	b.hc = &http.Client{
		Jar: jar, Timeout: browserTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if b.stopAt != "" && strings.HasPrefix(req.URL.String(), b.stopAt) {
				return http.ErrUseLastResponse
			}
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			return nil
		},
	}
	return b
}

// open loads a page with GET, or posts a form when form is not nil.
func (b *browser) open(ctx context.Context, target string, form url.Values) (*browserPage, error) {
	method, body := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, body = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", method, target, err)
	}
	req.Header.Set("Accept", "text/html,application/json;q=0.9")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, trimHost(target), err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", trimHost(target), err)
	}
	return &browserPage{
		status: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: data,
	}, nil
}

// signIn opens the login URL and, if it lands on idpsim's sign-in form,
// posts the credentials. It returns the page the browser ends on: the
// target's answer, or idpsim's form shown again with its refusal.
func (b *browser) signIn(ctx context.Context, loginURL, username, password string,
) (*browserPage, error) {
	p, err := b.open(ctx, loginURL, nil)
	if err != nil {
		return nil, err
	}
	form, ok := oidc.ParseSignInForm(string(p.body))
	if !ok {
		return p, nil
	}
	action := p.url.ResolveReference(&url.URL{Path: form.Action})
	return b.open(ctx, action.String(), form.Values(username, password))
}

// form reads idpsim's sign-in form on the page, if the page is one.
func (p *browserPage) form() (oidc.SignInForm, bool) {
	return oidc.ParseSignInForm(string(p.body))
}

// location is where a redirect answer points.
func (p *browserPage) location() (*url.URL, error) {
	if p.status < 300 || p.status >= 400 {
		return nil, fmt.Errorf("got %d at %s, want a redirect: %s", p.status,
			trimHost(p.url.String()), snippet(p.body))
	}
	to, err := p.url.Parse(p.header.Get("Location"))
	if err != nil {
		return nil, fmt.Errorf("read the redirect of %s: %w", trimHost(p.url.String()), err)
	}
	return to, nil
}
