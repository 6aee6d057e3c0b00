package consoletest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const (
	appID    = "0oademocastai0000001"
	newcomer = "nina.petrova@example.com"
)

// signInIdpsim signs in to idpsim's admin console with the admin token.
func signInIdpsim(b *browser, st *stack, shot string) {
	b.t.Helper()
	b.do(
		chromedp.Navigate(st.idpURL+"/admin/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), adminToken),
	)
	if shot != "" {
		b.shot(shot, "")
	}
	b.do(
		chromedp.Click(chromedp.CSS(`form[action="/admin/signin"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.sidenav`)),
	)
}

// signInCastsim signs in to castsim's console with the owner API key.
func signInCastsim(b *browser, st *stack, shot string) {
	b.t.Helper()
	b.do(
		chromedp.Navigate(st.castURL+"/console/"),
		chromedp.WaitVisible(chromedp.ID("api_key")),
		chromedp.SendKeys(chromedp.ID("api_key"), apiKey),
	)
	if shot != "" {
		b.shot(shot, "")
	}
	b.do(
		chromedp.Click(chromedp.CSS(`form[action="/console/signin"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.sidenav ul`)),
	)
}

// clickNav follows a link of a console's left navigation by its text.
func clickNav(b *browser, text string) {
	b.t.Helper()
	b.do(
		chromedp.Click(`//nav[contains(@class,"sidenav")]//a[normalize-space()="`+text+`"]`),
		chromedp.WaitVisible(`//nav//a[normalize-space()="`+text+`"][@aria-current="page"]`),
	)
}

// TestAddUserToSyncedGroup is the guide's "add a user to a synced group":
// Directory > Groups > Platform > Assign people in idpsim, then the person
// is a member of the synced group Platform on castsim's User groups page.
func TestAddUserToSyncedGroup(t *testing.T) {
	b := newBrowser(t)
	st := startStack(t)

	signInIdpsim(b, st, "walk1-01-idpsim-signin")
	b.shot("walk1-02-idpsim-dashboard", "")
	clickNav(b, "Groups")
	b.shot("walk1-03-idpsim-groups", "")
	b.do(
		chromedp.Click(`//a[normalize-space()="Platform"]`),
		chromedp.WaitVisible(`//h2[normalize-space()="Assign people"]`),
		chromedp.SendKeys(chromedp.ID("q"), "nina"),
		chromedp.Click(`//section[@id="assign"]//button[normalize-space()="Search"]`),
		// The answer to the search renders the query back into the box.
		chromedp.WaitVisible(chromedp.CSS(`input#q[value="nina"]`)),
	)
	b.shot("walk1-04-idpsim-assign-people", "idpsim-assign-people")
	b.do(
		chromedp.Click(chromedp.CSS(`button[aria-label="Assign `+newcomer+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash-ok`)),
	)
	b.expectText(".flash-ok", "Assigned Nina Petrova to the group.")
	b.expectText("#members-h", "People (6)")
	b.shot("walk1-05-idpsim-assigned", "")

	st.wait(t)
	b.do(chromedp.Navigate(st.idpURL + "/admin/apps/" + appID + "/push"))
	b.expectText("table", "Platform")
	b.shot("walk1-06-idpsim-push-groups", "idpsim-push-groups")

	signInCastsim(b, st, "walk1-07-castsim-signin")
	b.expectText("h1", "Single sign-on")
	b.do(
		chromedp.Click(`//a[normalize-space()="Edit"]`),
		chromedp.WaitVisible(chromedp.ID("drawer-h")),
	)
	b.expectText(".drawer", "Synchronize user groups from the IAM system to Cast AI")
	b.shot("walk1-08-castsim-sso-drawer", "castsim-sso")
	b.do(
		chromedp.Click(chromedp.CSS(`.drawer a[aria-label="Close"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.drawer`)),
	)
	clickNav(b, "User groups")
	b.shot("walk1-09-castsim-user-groups", "")
	b.do(
		chromedp.Click(`//a[normalize-space()="Platform"]`),
		chromedp.WaitVisible(chromedp.ID("members-h")),
	)
	b.expectText("#members-h", "Members (6)")
	b.expectText(".cols", newcomer)
	b.expectText(".note", "synced from your identity provider")
	b.shot("walk1-10-castsim-platform-members", "castsim-group")

	clickNav(b, "Users")
	b.expectText("table", newcomer)
	b.shot("walk1-11-castsim-users", "castsim-users")
}

// TestUnlinkPushedGroupWithDelete is the guide's "unlink pushed group" with
// "Delete the group in the target app": the group disappears from castsim's
// User groups page and the traffic view shows the DELETE.
func TestUnlinkPushedGroupWithDelete(t *testing.T) {
	b := newBrowser(t)
	st := startStack(t)

	signInIdpsim(b, st, "")
	clickNav(b, "Applications")
	b.do(
		chromedp.Click(`//a[normalize-space()="Cast AI"]`),
		chromedp.WaitVisible(chromedp.ID("conn-h")),
	)
	b.shot("walk2-01-idpsim-provisioning", "")
	b.do(
		chromedp.Click(`//nav[contains(@class,"tabs")]/a[normalize-space()="Push Groups"]`),
		chromedp.WaitVisible(chromedp.ID("pushed-h")),
		chromedp.Click(`//tr[td/a[normalize-space()="Finance"]]//summary`),
		chromedp.WaitVisible(`//tr[td/a[normalize-space()="Finance"]]//a[.="Unlink pushed group"]`),
	)
	b.shot("walk2-02-idpsim-push-menu", "")
	b.do(
		chromedp.Click(`//tr[td/a[normalize-space()="Finance"]]//a[.="Unlink pushed group"]`),
		chromedp.WaitVisible(chromedp.ID("unlink-h")),
		chromedp.Click(chromedp.CSS(`input[name="target"][value="delete"]`)),
	)
	b.shot("walk2-03-idpsim-unlink-choice", "idpsim-unlink")
	b.do(
		chromedp.Click(`//button[normalize-space()="Unlink"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash-ok`)),
	)
	b.expectText(".flash-ok", "Unlinked Finance and deleting it in the target app.")
	st.wait(t)
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("pushed-h")))
	if got := b.text("#pushed-h + table"); strings.Contains(got, "Finance") {
		t.Fatalf("Push Groups still lists Finance after unlinking: %q", got)
	}
	b.shot("walk2-04-idpsim-unlinked", "")

	clickNav(b, "SCIM traffic")
	b.expectText(".exchange summary", "DELETE")
	// Expand the PATCH before the DELETE to show its bodies.
	b.do(chromedp.Click(`(//details[contains(@class,"exchange")])[2]/summary`),
		chromedp.WaitVisible(`(//details[contains(@class,"exchange")])[2]//pre`))
	b.shot("walk2-05-idpsim-traffic", "idpsim-traffic")

	signInCastsim(b, st, "")
	clickNav(b, "User groups")
	got := b.text("table")
	if strings.Contains(got, "Finance") || !strings.Contains(got, "Platform") {
		t.Fatalf("castsim User groups after the unlink: %q; want Platform and no Finance", got)
	}
	b.shot("walk2-06-castsim-user-groups", "")

	// Turn sync off and on again in the SSO drawer: the new SCIM token is
	// shown once.
	for _, sync := range []bool{false, true} {
		clickNav(b, "SSO")
		b.do(
			chromedp.Click(`//a[normalize-space()="Edit"]`),
			chromedp.WaitVisible(chromedp.ID("drawer-h")),
			chromedp.SendKeys(chromedp.ID("client_secret"), "secret"),
		)
		checked, err := chromedp.Run(b.ctx,
			chromedp.JavascriptAttribute[bool](chromedp.CSS(`input[name="sync"]`), "checked"))
		if err != nil {
			t.Fatalf("read the sync box: %v", err)
		}
		if checked != sync {
			b.do(chromedp.Click(chromedp.CSS(`input[name="sync"]`)))
		}
		// Turning sync off ends on the list with a message; turning it on
		// ends on the page with the token.
		done := chromedp.CSS(`.flash-ok`)
		if sync {
			done = chromedp.CSS(`#token-h`)
		}
		b.do(
			chromedp.Click(`//aside//button[normalize-space()="Save"]`),
			chromedp.WaitVisible(done),
		)
	}
	b.expectText(".token", "It will not be shown again")
	b.shot("walk2-07-castsim-scim-token", "castsim-scim-token")
}

// TestSignInWithSSO signs in to castsim's console through "Sign in with
// SSO": idpsim's sign-in page, then back on the page first asked for, as the
// person who signed in.
func TestSignInWithSSO(t *testing.T) {
	b := newBrowser(t)
	st := startStack(t)

	b.do(
		chromedp.Navigate(st.castURL+"/console/users"),
		chromedp.WaitVisible(`//a[normalize-space()="Sign in with SSO"]`),
		chromedp.Click(`//a[normalize-space()="Sign in with SSO"]`),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "maya.okafor@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), password),
	)
	b.shot("sso-01-idpsim-signin", "")
	b.do(
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.sidenav ul`)),
	)
	b.expectText(".topbar .who", "maya.okafor@example.com")
	b.expectText("h1", "Users")
	if loc := b.location(); !strings.HasSuffix(loc, "/console/users") {
		t.Fatalf("after SSO sign-in the browser is at %s, want /console/users", loc)
	}
	b.shot("sso-02-castsim-signed-in", "")

	b.do(
		chromedp.Click(chromedp.CSS(`form[action="/console/signout"] button`)),
		chromedp.WaitVisible(`//a[normalize-space()="Sign in with SSO"]`),
		// Signing out ended castsim's session: the pages ask again.
		chromedp.Navigate(st.castURL+"/console/users"),
		chromedp.WaitVisible(`//a[normalize-space()="Sign in with SSO"]`),
	)
}
