package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cucumber/godog"
)

// signInState is the scenario's SSO sign-in: the Okta OIDC app that signs
// people in to the target, and one scripted browser per person.
type signInState struct {
	appID     string
	browsers  map[string]*browser // by first name
	held      map[string]*url.URL // callbacks not followed yet, by first name
	passwords map[string]string   // set in Okta, by first name
}

// registerSignInSteps binds the @sso steps: signing in to the target through
// idpsim's OIDC provider like a browser, and what the target does with the
// sessions of deactivated users.
func (w *world) registerSignInSteps(sc *godog.ScenarioContext) {
	sc.Step(`^Okta signs users in to Cast AI with the OIDC app "([^"]*)"$`, w.oidcApp)
	sc.Step(`^the group "([^"]*)" may sign in to Cast AI$`, w.groupMaySignIn)
	sc.Step(`^an Okta admin unassigns "([^"]*)" from the app$`, w.unassignUser)
	sc.Step(`^"([^"]*)" (?:is signed|signs) in to Cast AI$`, w.signedIn)
	sc.Step(`^"([^"]*)" signs in to Cast AI for the first time$`, w.firstSignIn)
	sc.Step(`^"([^"]*)" can sign in to Cast AI again$`, w.signsInAgain)
	sc.Step(`^Okta has sent "([^"]*)" back to Cast AI with a sign-in code (?:she|he|they) `+
		`(?:has|have) not used yet$`, w.holdCallback)
	sc.Step(`^Okta refuses to sign "([^"]*)" in$`, w.oktaRefuses)
	sc.Step(`^Cast AI refuses "([^"]*)" arriving with the code Okta gave (?:her|him|them) earlier$`,
		w.heldCodeRefused)
	sc.Step(`^Cast AI refuses to sign "([^"]*)" in, saying (?:she|he|they) (?:is|are) inactive$`,
		w.targetRefusesInactive)
	sc.Step(`^the next action of "([^"]*)" in Cast AI is refused because (?:her|his|their) `+
		`session was ended$`, w.nextActionRefused)
	sc.Step(`^"([^"]*)" has no Cast AI session$`, w.noSession)
}

// signInPassword is every person's Okta password in @sso scenarios.
const signInPassword = "Conformance-Passw0rd"

func (w *world) signing() (*signInState, error) {
	if w.signIn == nil {
		return nil, permanent(errors.New("no Okta OIDC app signs people in to Cast AI in this " +
			`scenario (add: Okta signs users in to Cast AI with the OIDC app "…")`))
	}
	return w.signIn, nil
}

// consoleBase is the target's console URL, where its /v1/auth routes are.
func (w *world) consoleBase() string { return w.space.console.baseURL }

// oidcApp creates the Okta OIDC app the scenario's SSO connection signs in
// with: its client id and secret are the connection's okta block, and its
// redirect URI is the target's callback.
func (w *world) oidcApp(ctx context.Context, label string) error {
	if w.sso == nil {
		return permanent(errors.New("no SSO connection of the scenario yet: create one first"))
	}
	if err := w.offersSSO(ctx); err != nil {
		return err
	}
	okta := w.space.ssoOkta
	id, err := w.space.idp.createOIDCApp(ctx, w.scoped(label), okta.ClientID, okta.ClientSecret,
		w.consoleBase()+"/v1/auth/callback")
	if err != nil {
		return err
	}
	w.signIn = &signInState{
		appID: id, browsers: map[string]*browser{}, held: map[string]*url.URL{},
		passwords: map[string]string{},
	}
	return nil
}

// offersSSO skips the scenario when a target of someone else's has no
// sign-in route at all; the embedded castsim must always offer it.
func (w *world) offersSSO(ctx context.Context) error {
	b := newBrowser()
	b.stopAt = "http" // any redirect: the answer itself is enough
	page, err := b.open(ctx, w.consoleBase()+"/v1/auth/login?"+
		url.Values{"connection_id": {w.sso.id}}.Encode(), nil)
	if err != nil {
		return err
	}
	gone := page.status == http.StatusNotFound || page.status == http.StatusMethodNotAllowed
	if gone && !w.cfg.Embedded() {
		w.log.Info("target offers no SSO sign-in: @sso scenario skipped",
			"status", page.status)
		return skip(fmt.Sprintf("the target offers no SSO sign-in: GET /v1/auth/login "+
			"answers %d", page.status))
	}
	return nil
}

func (w *world) groupMaySignIn(ctx context.Context, name string) error {
	st, err := w.signing()
	if err != nil {
		return err
	}
	g, err := w.group(name)
	if err != nil {
		return err
	}
	return w.space.idp.assignGroup(ctx, st.appID, g.oktaID)
}

func (w *world) unassignUser(ctx context.Context, first string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.space.idp.unassignUser(ctx, w.appID, p.oktaID)
}

// loginURL starts a sign-in at the target for a person, naming the
// scenario's connection (its email domain is not the people's).
func (w *world) loginURL(p *person) string {
	q := url.Values{"connection_id": {w.sso.id}, "login_hint": {p.login}}
	return w.consoleBase() + "/v1/auth/login?" + q.Encode()
}

// startSignIn gives the person an Okta password and a fresh browser, and
// signs in; the browser stops at the target's callback when hold is set.
func (w *world) startSignIn(ctx context.Context, first string, hold bool) (*browserPage, error) {
	st, err := w.signing()
	if err != nil {
		return nil, err
	}
	p, err := w.person(first)
	if err != nil {
		return nil, err
	}
	if _, ok := st.passwords[first]; !ok {
		if err := w.space.idp.setPassword(ctx, p.oktaID, signInPassword); err != nil {
			return nil, err
		}
		st.passwords[first] = signInPassword
	}
	b := newBrowser()
	if hold {
		b.stopAt = w.consoleBase() + "/v1/auth/callback"
	}
	st.browsers[first] = b
	return b.signIn(ctx, w.loginURL(p), p.login, signInPassword)
}

// signedIn signs the person in and proves the session works: GET /v1/me
// with the browser's cookies names them.
func (w *world) signedIn(ctx context.Context, first string) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	page, err := w.startSignIn(ctx, first, false)
	if err != nil {
		return err
	}
	if form, ok := page.form(); ok {
		return explain(fmt.Errorf("okta did not sign %s in: %q", first, form.Message))
	}
	return w.meShows(ctx, first)
}

func (w *world) meShows(ctx context.Context, first string) error {
	p, _ := w.person(first)
	me, err := w.me(ctx, first)
	if err != nil {
		return err
	}
	if me.status != http.StatusOK {
		return explain(fmt.Errorf("%s signed in, but GET /v1/me answers %d: %s", first,
			me.status, snippet(me.body)))
	}
	if !strings.Contains(strings.ToLower(string(me.body)), strings.ToLower(p.login)) {
		return explain(fmt.Errorf("GET /v1/me does not name %s (%s): %s", first, p.login,
			snippet(me.body)))
	}
	return nil
}

// me is GET /v1/me with the person's browser: their next action.
func (w *world) me(ctx context.Context, first string) (*browserPage, error) {
	st, err := w.signing()
	if err != nil {
		return nil, err
	}
	b, ok := st.browsers[first]
	if !ok {
		return nil, permanent(fmt.Errorf("%s has not signed in in this scenario", first))
	}
	b.stopAt = ""
	return b.open(ctx, w.consoleBase()+"/v1/me", nil)
}

func (w *world) firstSignIn(ctx context.Context, first string) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	if u, err := w.consoleUser(ctx, first); err == nil {
		return explain(fmt.Errorf("cast ai knows %s already (user %s): not a first sign-in",
			first, u.User.ID))
	}
	return w.signedIn(ctx, first)
}

// signsInAgain retries until the target has taken the reactivation in.
func (w *world) signsInAgain(ctx context.Context, first string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		return w.signedIn(ctx, first)
	})
}

// holdCallback signs in at Okta and stops where Okta sends the browser back
// to the target with a code, without following it.
func (w *world) holdCallback(ctx context.Context, first string) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	page, err := w.startSignIn(ctx, first, true)
	if err != nil {
		return err
	}
	to, err := page.location()
	if err != nil {
		return explain(fmt.Errorf("okta did not send %s back with a code: %w", first, err))
	}
	if to.Query().Get("code") == "" {
		return explain(fmt.Errorf("okta sent %s back without a code: %s", first, to))
	}
	w.signIn.held[first] = to
	return nil
}

// oktaRefuses signs in with a fresh browser and requires idpsim to show its
// form again with a refusal, never sending the browser on to the target.
func (w *world) oktaRefuses(ctx context.Context, first string) error {
	page, err := w.startSignIn(ctx, first, false)
	if err != nil {
		return err
	}
	form, ok := page.form()
	if !ok || form.Message == "" || page.status < 400 {
		return explain(fmt.Errorf("okta did not refuse %s: ended on %d %s: %s", first,
			page.status, trimHost(page.url.String()), snippet(page.body)))
	}
	return w.noSession(ctx, first)
}

func (w *world) heldCodeRefused(ctx context.Context, first string) error {
	st, err := w.signing()
	if err != nil {
		return err
	}
	cb, ok := st.held[first]
	if !ok {
		return permanent(fmt.Errorf("no sign-in code of %s was held in this scenario", first))
	}
	if err := w.settle(ctx); err != nil {
		return err
	}
	b := st.browsers[first]
	b.stopAt = ""
	page, err := b.open(ctx, cb.String(), nil)
	if err != nil {
		return err
	}
	if page.status < 400 || page.status >= 500 {
		return explain(fmt.Errorf("cast ai answered the held code of %s with %d, want a 4xx "+
			"refusal: %s", first, page.status, snippet(page.body)))
	}
	return w.noSession(ctx, first)
}

// targetRefusesInactive requires Okta to let the person through and the
// target to refuse them with a message that says they are inactive.
func (w *world) targetRefusesInactive(ctx context.Context, first string) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	page, err := w.startSignIn(ctx, first, false)
	if err != nil {
		return err
	}
	if form, ok := page.form(); ok {
		return explain(fmt.Errorf("okta itself refused %s (%q): the scenario needs Okta to "+
			"let them through", first, form.Message))
	}
	msg := messageIn(page.body)
	if page.status < 400 || page.status >= 500 {
		return explain(fmt.Errorf("cast ai let inactive %s sign in: %d %s", first, page.status,
			snippet(page.body)))
	}
	low := strings.ToLower(msg)
	if !strings.Contains(low, "inactive") && !strings.Contains(low, "deactivated") {
		return explain(fmt.Errorf("cast ai refused %s with %d, but its message %q does not "+
			"say the user is inactive", first, page.status, msg))
	}
	return w.noSession(ctx, first)
}

// nextActionRefused checks, once Okta has sent everything, that the
// person's next request is refused with 401 and a message about the session.
func (w *world) nextActionRefused(ctx context.Context, first string) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		page, err := w.me(ctx, first)
		if err != nil {
			return err
		}
		if page.status != http.StatusUnauthorized {
			return fmt.Errorf("the next action of %s got %d, want 401: %s", first, page.status,
				snippet(page.body))
		}
		if msg := messageIn(page.body); !strings.Contains(strings.ToLower(msg), "session") {
			return fmt.Errorf("the refusal's message %q does not say the session ended", msg)
		}
		return nil
	})
}

// noSession requires the person's browser to hold no working session.
func (w *world) noSession(ctx context.Context, first string) error {
	page, err := w.me(ctx, first)
	if err != nil {
		return err
	}
	if page.status != http.StatusUnauthorized {
		return explain(fmt.Errorf("%s still has a Cast AI session: GET /v1/me answers %d: %s",
			first, page.status, snippet(page.body)))
	}
	return nil
}

// messageIn reads the console's error message {"message": …}, or "".
func messageIn(body []byte) string {
	var m struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &m)
	return m.Message
}

// cleanSignIn deletes the scenario's OIDC app in Okta.
func (w *world) cleanSignIn(ctx context.Context) error {
	if w.signIn == nil {
		return nil
	}
	if err := w.space.idp.appLifecycle(ctx, w.signIn.appID, "deactivate"); err != nil {
		return err
	}
	return w.space.idp.deleteApp(ctx, w.signIn.appID)
}
