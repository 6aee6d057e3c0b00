package castsimcheck

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

const scimToken = "castsim-check-token-0001"

// world is one castsim and one Okta client talking to it.
type world struct {
	t       *testing.T
	ctx     context.Context
	c       *scimclient.Client
	journal *scimclient.Journal
	tag     scimclient.Tag
}

func newWorld(t *testing.T, profile string, defects ...string) *world {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	public := "http://" + srv.Listener.Addr().String()
	target, err := castai.New(castai.Config{
		PublicURL: public, SCIMToken: scimToken,
		Defects: defects,
	})
	if err != nil {
		t.Fatalf("start castsim: %v", err)
	}
	srv.Config.Handler = target.Handler()
	srv.Start()
	t.Cleanup(srv.Close)

	j := scimclient.NewJournal(0)
	c, err := scimclient.New(scimclient.Config{
		Target:   scimclient.Target{BaseURL: public + "/scim/v2", Token: scimToken},
		Settings: scimclient.Settings{Profile: profile},
		Journal:  j,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &world{
		t: t, ctx: context.Background(), c: c, journal: j,
		tag: scimclient.Tag{AppID: "0oa-castsim"},
	}
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) user(id string) map[string]any {
	w.t.Helper()
	u, err := w.c.GetUser(w.ctx, w.tag, id)
	w.must(err)
	return u
}

func (w *world) members(groupID string) []string {
	w.t.Helper()
	g, err := w.c.GetGroup(w.ctx, w.tag, groupID)
	w.must(err)
	var out []string
	ms, _ := g["members"].([]any)
	for _, m := range ms {
		v, _ := m.(map[string]any)["value"].(string)
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func (w *world) wantMembers(groupID string, want ...string) {
	w.t.Helper()
	slices.Sort(want)
	if got := w.members(groupID); fmt.Sprint(got) != fmt.Sprint(want) {
		w.t.Fatalf("members of %s = %v, want %v", groupID, got, want)
	}
}

func createBody(login, given, family, oktaID string) map[string]any {
	return map[string]any{
		"schemas":     []string{scim.SchemaUser},
		"userName":    login,
		"name":        map[string]any{"givenName": given, "familyName": family},
		"emails":      []map[string]any{{"primary": true, "value": login, "type": "work"}},
		"displayName": given + " " + family,
		"locale":      "en-US",
		"externalId":  oktaID,
		"groups":      []any{},
		"password":    "Xy7!pq9#Lm",
		"active":      true,
		"title":       "Engineer",
		"phoneNumbers": []map[string]any{
			{"primary": true, "value": "+1 555 0100", "type": "mobile"},
		},
	}
}

func TestClientAgainstCastsim(t *testing.T) {
	for _, profile := range scimclient.Profiles() {
		t.Run(profile, func(t *testing.T) {
			w := newWorld(t, profile)
			w.must(w.c.TestConnection(w.ctx, w.tag))
			jane, john := w.provisionUsers()
			w.lifecycle(jane)
			w.groups(jane, john)
			w.noUnexpectedErrors()
		})
	}
}

func (w *world) provisionUsers() (string, string) {
	w.t.Helper()
	if _, found, err := w.c.FindUser(w.ctx, w.tag, "jane@example.com"); err != nil || found {
		w.t.Fatalf("FindUser before create = %t, %v; want a miss", found, err)
	}
	jane, err := w.c.CreateUser(w.ctx, w.tag, createBody("jane@example.com", "Jane", "Doe", "00u1"))
	w.must(err)
	_, err = w.c.CreateUser(w.ctx, w.tag, createBody("jane@example.com", "Jane", "Doe", "00u1"))
	if !errors.Is(err, scimclient.ErrConflict) {
		w.t.Fatalf("second create = %v, want ErrConflict", err)
	}
	hit, found, err := w.c.FindUser(w.ctx, w.tag, "JANE@example.com")
	if err != nil || !found || hit.ID != jane.ID {
		w.t.Fatalf("FindUser = %+v, %t, %v; want %s", hit, found, err, jane.ID)
	}
	john, err := w.c.CreateUser(w.ctx, w.tag, createBody("john@example.com", "John", "Roe", "00u2"))
	w.must(err)
	return jane.ID, john.ID
}

func (w *world) lifecycle(id string) {
	w.t.Helper()
	w.must(w.c.UpdateUser(w.ctx, w.tag, id, map[string]any{
		"name.givenName": "Janet", "displayName": "Janet Doe", "title": "CTO",
	}))
	u := w.user(id)
	if name, _ := u["name"].(map[string]any); name["givenName"] != "Janet" ||
		u["displayName"] != "Janet Doe" {
		w.t.Fatalf("after update: %v", u)
	}
	w.must(w.c.SetUserActive(w.ctx, w.tag, id, false))
	if a := w.user(id)["active"]; a != false {
		w.t.Fatalf("active after deactivation = %v", a)
	}
	w.must(w.c.SetUserActive(w.ctx, w.tag, id, true))
	if a := w.user(id)["active"]; a != true {
		w.t.Fatalf("active after reactivation = %v", a)
	}
}

func (w *world) groups(jane, john string) {
	w.t.Helper()
	if _, found, err := w.c.FindGroup(w.ctx, w.tag, "Platform"); err != nil || found {
		w.t.Fatalf("FindGroup before create = %t, %v", found, err)
	}
	g, err := w.c.CreateGroup(w.ctx, w.tag, "Platform")
	w.must(err)
	w.must(w.c.RenameGroup(w.ctx, w.tag, g.ID, "Platform"))
	both := []scim.Member{
		{Value: jane, Display: "jane@example.com"},
		{Value: john, Display: "john@example.com"},
	}
	w.must(w.c.UpdateMembers(w.ctx, w.tag, g.ID, "Platform", both, nil))
	w.wantMembers(g.ID, jane, john)
	w.must(w.c.UpdateMembers(w.ctx, w.tag, g.ID, "Platform", nil, []string{jane}))
	w.wantMembers(g.ID, john)
	w.must(w.c.ReplaceMembers(w.ctx, w.tag, g.ID, "Platform", both[:1]))
	w.wantMembers(g.ID, jane)
	w.must(w.c.ReplaceMembers(w.ctx, w.tag, g.ID, "Platform", nil))
	w.wantMembers(g.ID)

	w.must(w.c.RenameGroup(w.ctx, w.tag, g.ID, "Platform Team"))
	hit, found, err := w.c.FindGroup(w.ctx, w.tag, "platform team")
	if err != nil || !found || hit.ID != g.ID {
		w.t.Fatalf("FindGroup after rename = %+v, %t, %v", hit, found, err)
	}
	w.must(w.c.DeleteGroup(w.ctx, w.tag, g.ID))
	if _, err := w.c.GetGroup(w.ctx, w.tag, g.ID); !errors.Is(err, scimclient.ErrNotFound) {
		w.t.Fatalf("GetGroup after delete = %v, want ErrNotFound", err)
	}
}

// noUnexpectedErrors checks the journal: only the duplicate create (409)
// and the read after delete (404) failed.
func (w *world) noUnexpectedErrors() {
	w.t.Helper()
	var failed []string
	for _, e := range w.journal.Exchanges(scimclient.JournalFilter{}) {
		if e.Status >= 300 || e.Error != "" {
			failed = append(failed, fmt.Sprintf("%s %s %d %s", e.Method, e.Path, e.Status,
				e.ResponseBody))
		}
	}
	if len(failed) != 2 {
		w.t.Fatalf("failed exchanges = %v, want the 409 and the 404 only", failed)
	}
}
