package console

import (
	"net/url"
	"strings"
	"testing"
)

// targetOf returns the target group id of a group's push mapping in the
// demo app, or "" when the group is not pushed.
func (e *env) targetOf(groupID string) string {
	e.t.Helper()
	m, _ := e.pushMapping(groupID)
	return m.TargetGroupID
}

// TestLinkGroupByName unlinks Finance leaving its group in castsim, then
// pushes it again with Link Group: the console finds the group by name in
// the app and links the new mapping to the very same target group. A name
// the app does not have is refused and creates no mapping.
func TestLinkGroupByName(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	before := e.targetOf(finance)
	if before == "" {
		t.Fatal("Finance is not pushed in the demo org")
	}
	unlink := Prefix + "/apps/" + demoApp + "/push/" + e.mappingOf(finance) + "/unlink"
	e.flashAfter(unlink, url.Values{"target": {"leave"}})
	e.wait()
	if m := e.mappingOf(finance); m != "missing" {
		t.Fatalf("Finance still has mapping %s after the unlink", m)
	}

	push := Prefix + "/apps/" + demoApp + "/push"
	page := e.flashAfter(push, url.Values{
		"group_id": {finance}, "match": {"link"}, "target_group_name": {"No Such Group"},
	})
	if !strings.Contains(page, "no group named") || e.mappingOf(finance) != "missing" {
		t.Fatalf("a link to a missing group was not refused (mapping %s):\n%s", e.mappingOf(finance), page)
	}

	page = e.flashAfter(push, url.Values{"group_id": {finance}, "match": {"link"}})
	e.wait()
	if got := e.targetOf(finance); got != before {
		t.Fatalf("Link Group linked to %q, want the existing group %q:\n%s", got, before, page)
	}
}
