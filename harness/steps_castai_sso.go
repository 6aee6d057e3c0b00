package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"
)

// registerSSOSteps binds the Cast AI admin's actions on SSO connections.
func (w *world) registerSSOSteps(sc *godog.ScenarioContext) {
	sc.Step(`^a Cast AI SSO connection for Okta with group sync turned on$`, w.ownConnection)
	sc.Step(`^a Cast AI admin changes the default role for new joiners to "([^"]*)" (with|without) the client secret$`,
		w.changeDefaultRole)
	sc.Step(`^Cast AI refuses the change$`, w.refused)
	sc.Step(`^the SSO connection's default role is "([^"]*)"$`, w.defaultRoleIs)
	sc.Step(`^a Cast AI admin turns group sync off$`, w.syncOff)
}

// ownConnection creates an SSO connection for the scenario alone, so that
// changing it or turning its sync off touches no other scenario.
func (w *world) ownConnection(ctx context.Context) error {
	domain := strings.Trim(w.space.prefix, "-")
	if domain == "" {
		domain = "own"
	}
	okta := w.space.ssoOkta
	conn, err := w.space.console.createConnection(ctx, w.scoped("Okta"), domain+".acme.test", okta)
	if err != nil {
		return err
	}
	w.sso = &ownConnection{id: conn.ID, secret: okta.ClientSecret, domain: domain + ".acme.test"}
	w.sso.token, err = w.space.console.setSync(ctx, conn.ID, true)
	return err
}

func (w *world) changeDefaultRole(ctx context.Context, role, with string) error {
	if w.sso == nil {
		return fmt.Errorf("no SSO connection of the scenario yet")
	}
	roleID, err := w.roleID(ctx, role)
	if err != nil {
		return err
	}
	okta := w.space.ssoOkta
	if with == "without" {
		okta.ClientSecret = ""
	}
	body := map[string]any{
		"name": w.scoped("Okta"), "emailDomain": w.sso.domain, "defaultRoleId": roleID, "okta": okta,
	}
	a, err := w.space.console.updateConnection(ctx, w.sso.id, body)
	if err != nil {
		return err
	}
	if with == "with" && !a.ok() {
		return fmt.Errorf("the change carrying the client secret was refused: %d %s", a.status, snippet(a.body))
	}
	w.refusal = a
	return nil
}

func (w *world) refused(context.Context) error {
	if w.refusal == nil {
		return explain(fmt.Errorf("no earlier step asked Cast AI for a change"))
	}
	if w.refusal.status < 400 || w.refusal.status >= 500 {
		return fmt.Errorf("the change got %d, want a 4xx refusal: %s",
			w.refusal.status, snippet(w.refusal.body))
	}
	var body struct {
		Message string `json:"message"`
	}
	if err := w.refusal.decode(&body); err != nil || body.Message == "" {
		return explain(fmt.Errorf("the refusal carries no message: %s", snippet(w.refusal.body)))
	}
	return nil
}

func (w *world) defaultRoleIs(ctx context.Context, role string) error {
	roleID, err := w.roleID(ctx, role)
	if err != nil {
		return err
	}
	conn, err := w.space.console.connection(ctx, w.sso.id)
	if err != nil {
		return err
	}
	if conn.DefaultRoleID != roleID {
		return explain(fmt.Errorf("the connection's default role is %s, want %s (%s)",
			conn.DefaultRoleID, role, roleID))
	}
	return nil
}

func (w *world) syncOff(ctx context.Context) error {
	if w.sso == nil {
		return fmt.Errorf("no SSO connection of the scenario yet")
	}
	if err := w.settle(ctx); err != nil {
		return err
	}
	_, err := w.space.console.setSync(ctx, w.sso.id, false)
	return err
}
