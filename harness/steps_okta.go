package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"
)

// registerOktaSteps binds the Okta admin actions of the features.
func (w *world) registerOktaSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the Okta app "([^"]*)" provisions users and groups to Cast AI$`, w.appToCastAI)
	sc.Step(`^the Okta app "([^"]*)" provisions users and groups to Cast AI with the "(oin|aiw)" client profile$`,
		w.appWithProfile)
	sc.Step(`^the Okta app "([^"]*)" provisions users and groups through that SSO connection$`, w.appThroughOwnSSO)
	sc.Step(`^these people in Okta:$`, w.createPeople)
	sc.Step(`^the Okta group "([^"]*)" with the members? (".*")$`, w.createGroup)
	sc.Step(`^the Okta group "([^"]*)" with no members$`, w.createEmptyGroup)
	sc.Step(`^the Okta group "([^"]*)" is assigned to the app and pushed to Cast AI$`, w.assignAndPush)
	sc.Step(`^(?:an Okta admin assigns|the Okta admin assigned) the group "([^"]*)" to the app$`, w.assignGroup)
	sc.Step(`^the group "([^"]*)" is assigned to the app$`, w.assignGroup)
	sc.Step(`^an Okta admin pushes the group "([^"]*)" to Cast AI$`, w.pushGroup)
	sc.Step(`^an Okta admin links the group "([^"]*)" to the Cast AI group "([^"]*)"$`, w.linkGroup)
	sc.Step(`^an Okta admin assigns "([^"]*)" to the app$`, w.assignUser)
	sc.Step(`^"([^"]*)" is assigned to the app$`, w.assignUser)
	sc.Step(`^an Okta admin adds "([^"]*)" to the group "([^"]*)"$`, w.addMember)
	sc.Step(`^an Okta admin removes "([^"]*)" from the group "([^"]*)"$`, w.removeMember)
	sc.Step(`^an Okta admin changes the (display name|email|title|mobile phone) of "([^"]*)" to "([^"]*)"$`,
		w.changeProfile)
	sc.Step(`^an Okta admin changes the display name of "([^"]*)" on the app's Assignments tab to "([^"]*)"$`,
		w.changeAppUserDisplayName)
	sc.Step(`^an Okta admin (deactivates|activates) "([^"]*)"$`, w.userLifecycle)
	sc.Step(`^an Okta admin renames the group "([^"]*)" to "([^"]*)"$`, w.renameGroup)
	sc.Step(`^an Okta admin clicks Push Now for the group "([^"]*)"$`, w.pushNow)
	sc.Step(`^an Okta admin unlinks the pushed group "([^"]*)" and (deletes|leaves) it in Cast AI$`, w.unlink)
	sc.Step(`^an Okta admin deactivates the app$`, w.deactivateApp)
	sc.Step(`^Okta holds its pushes$`, w.holdPushes)
	sc.Step(`^Okta sends its held pushes$`, w.releasePushes)
}

func (w *world) appToCastAI(ctx context.Context, label string) error {
	return w.setUpApp(ctx, label, "oin", w.space.scimToken)
}

func (w *world) appWithProfile(ctx context.Context, label, profile string) error {
	return w.setUpApp(ctx, label, profile, w.space.scimToken)
}

func (w *world) appThroughOwnSSO(ctx context.Context, label string) error {
	if w.sso == nil {
		return fmt.Errorf("no SSO connection of the scenario yet: create one first")
	}
	return w.setUpApp(ctx, label, "oin", w.sso.token)
}

// setUpApp creates the scenario's SCIM app and saves its provisioning
// connection, which runs Okta's connection test against the target.
func (w *world) setUpApp(ctx context.Context, label, profile, token string) error {
	id, err := w.space.idp.createApp(ctx, w.scoped(label), profile)
	if err != nil {
		return err
	}
	w.appID = id
	return w.space.idp.connect(ctx, id, w.space.scimURL, token)
}

func (w *world) createPeople(ctx context.Context, table *godog.Table) error {
	rows, err := tableMaps(table, "name", "email")
	if err != nil {
		return err
	}
	for _, row := range rows {
		first, last, _ := strings.Cut(row["name"], " ")
		p := &person{
			first: first, last: last, display: row["name"],
			login: w.scoped(row["email"]), email: w.scoped(row["email"]),
		}
		profile := map[string]string{
			"login": p.login, "email": p.email, "firstName": first, "lastName": last,
			"displayName": p.display, "title": row["title"], "mobilePhone": row["mobile phone"],
		}
		if p.oktaID, err = w.space.idp.createUser(ctx, profile); err != nil {
			return err
		}
		w.people[first] = p
	}
	return nil
}

func (w *world) assignUser(ctx context.Context, first string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.space.idp.assignUser(ctx, w.appID, p.oktaID)
}

// profileKeys maps the features' words to Okta profile attributes.
var profileKeys = map[string]string{
	"display name": "displayName", "email": "email", "title": "title", "mobile phone": "mobilePhone",
}

func (w *world) changeProfile(ctx context.Context, attr, first, value string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	if attr == "email" {
		value = w.scoped(value)
		p.email = value
	}
	return w.space.idp.updateProfile(ctx, p.oktaID, map[string]string{profileKeys[attr]: value})
}

func (w *world) changeAppUserDisplayName(ctx context.Context, first, value string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.space.idp.updateAppUser(ctx, w.appID, p.oktaID, map[string]string{"displayName": value})
}

func (w *world) userLifecycle(ctx context.Context, op, first string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.space.idp.lifecycle(ctx, p.oktaID, strings.TrimSuffix(op, "s"))
}

// deactivateApp deactivates the app in Okta, marking the journal so that a
// later step can prove nothing more was sent.
func (w *world) deactivateApp(ctx context.Context) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	seen, err := w.space.idp.journal(ctx, w.appID)
	if err != nil {
		return err
	}
	for _, x := range seen {
		w.journalMark = max(w.journalMark, x.Seq)
	}
	return w.space.idp.appLifecycle(ctx, w.appID, "deactivate")
}

func (w *world) holdPushes(ctx context.Context) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	if err := w.space.idp.pause(ctx, true); err != nil {
		return err
	}
	w.paused = true
	return nil
}

func (w *world) releasePushes(ctx context.Context) error {
	if err := w.space.idp.pause(ctx, false); err != nil {
		return err
	}
	w.paused = false
	return nil
}

// tableMaps reads a table with a header row into one map per row, checking
// that the required columns are there.
func tableMaps(t *godog.Table, required ...string) ([]map[string]string, error) {
	if t == nil || len(t.Rows) < 2 {
		return nil, fmt.Errorf("want a table with a header row and at least one row")
	}
	var head []string
	for _, c := range t.Rows[0].Cells {
		head = append(head, strings.TrimSpace(c.Value))
	}
	for _, r := range required {
		if !strings.Contains("|"+strings.Join(head, "|")+"|", "|"+r+"|") {
			return nil, fmt.Errorf("the table needs a %q column (has %v)", r, head)
		}
	}
	var rows []map[string]string
	for _, row := range t.Rows[1:] {
		m := map[string]string{}
		for i, c := range row.Cells {
			m[head[i]] = strings.TrimSpace(c.Value)
		}
		rows = append(rows, m)
	}
	return rows, nil
}
