package containers

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/harness"
)

// TestContainers builds the images from this repository, then runs them as
// a stack in each mode the conformance command offers.
func TestContainers(t *testing.T) {
	requireEngine(t)
	ctx := t.Context()
	built := time.Now()
	images, err := BuildImages(ctx, BuildOptions{
		Tag: testTag(t), Targets: []string{TargetIDPSim, TargetCastSim},
	})
	t.Cleanup(func() {
		if err := RemoveImages(context.Background(), images.Names()...); err != nil {
			t.Errorf("remove test images: %v", err)
		}
	})
	if err != nil {
		t.Fatalf("build images: %v", err)
	}
	t.Logf("built %s in %s", strings.Join(images.Names(), ", "),
		time.Since(built).Round(time.Millisecond))

	t.Run("castsim", func(t *testing.T) { testCastSimStack(t, images) })
	t.Run("target image", func(t *testing.T) { testTargetImage(t, images) })
	t.Run("failed start leaves nothing", func(t *testing.T) { testFailedStart(t, images) })
}

// testCastSimStack runs idpsim and castsim, pushes the demo org, then runs
// the whole conformance suite through the published ports.
func testCastSimStack(t *testing.T, images Images) {
	t.Helper()
	st := startStack(t, Options{Images: images})
	t.Run("demo org reaches castsim", func(t *testing.T) { checkDemoPush(t, st) })
	t.Run("conformance suite", func(t *testing.T) {
		reports := t.TempDir()
		runSuite(t, st.HarnessConfig(harness.Config{
			JUnitFile:    filepath.Join(reports, "junit.xml"),
			CucumberFile: filepath.Join(reports, "cucumber.json"),
		}))
	})
}

// testTargetImage runs castsim's image as if it were a user's own SCIM
// service: only its image, port, path and token are known.
func testTargetImage(t *testing.T, images Images) {
	t.Helper()
	port, err := freePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	st := startStack(t, Options{Images: Images{IDPSim: images.IDPSim}, Target: &TargetImage{
		Image: images.CastSim, SCIMPort: port[0], SCIMToken: "target-scim-token",
		HealthPath: "/healthz",
		Env: map[string]string{
			"CASTSIM_ADDR":       "0.0.0.0:" + portString(port[0]),
			"CASTSIM_SCIM_TOKEN": "target-scim-token",
		},
	}})
	if st.ConsoleURL != "" {
		t.Errorf("console URL %q for a target image, want none", st.ConsoleURL)
	}
	t.Run("demo org reaches the target", func(t *testing.T) { checkDemoPush(t, st) })
	t.Run("scim scenarios", func(t *testing.T) {
		runSuite(t, st.HarnessConfig(harness.Config{Tags: "@scim"}))
	})
}

// testFailedStart starts a target that exits at once: StartStack must fail,
// say why, and remove idpsim and the network it had made.
func testFailedStart(t *testing.T, images Images) {
	t.Helper()
	port, err := freePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	label := map[string]string{"org.idpsim.test": testTag(t)}
	st, err := StartStack(t.Context(), Options{
		Images: Images{IDPSim: images.IDPSim}, StartTimeout: 20 * time.Second, Labels: label,
		Target: &TargetImage{
			Image: images.CastSim, SCIMPort: port[0], SCIMToken: "x",
			Cmd: []string{"--no-such-flag"},
		},
	})
	if err == nil {
		_ = st.Terminate(context.Background())
		t.Fatal("StartStack with a target that exits: no error")
	}
	if !strings.Contains(err.Error(), "exited") || !strings.Contains(err.Error(), "no-such-flag") {
		t.Errorf("error does not say the target exited and why: %v", err)
	}
	assertGone(t, "org.idpsim.test="+label["org.idpsim.test"])
}

// startStack starts a stack, logs how fast each container came up and
// removes it (checking that nothing is left) when the test ends.
func startStack(t *testing.T, o Options) *Stack {
	t.Helper()
	o.Logger = testLogger(t)
	st, err := StartStack(t.Context(), o)
	if err != nil {
		t.Fatalf("start stack: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Terminate(context.Background()); err != nil {
			t.Errorf("terminate: %v", err)
		}
		assertGone(t, LabelStack+"="+st.ID)
	})
	for _, up := range st.Startups {
		t.Logf("%s: from start: engine start call %s, first 200 on health path %s, "+
			"docker healthy %s", up.Name, up.Engine.Round(time.Millisecond),
			up.Ready.Round(time.Millisecond), up.Healthy.Round(time.Millisecond))
		if up.Ready <= 0 {
			t.Errorf("%s: no ready time measured", up.Name)
		}
	}
	return st
}

// checkDemoPush loads the demo org into the stack's idpsim, pointed at the
// stack's target, waits for the pushes and reads the target's SCIM users
// and groups: every assigned person and every pushed group must be there.
func checkDemoPush(t *testing.T, st *Stack) {
	t.Helper()
	env := map[string]string{
		"CASTSIM_SCIM_URL": st.SCIMURL, "CASTSIM_SCIM_TOKEN": st.SCIMToken,
		"CASTSIM_PUBLIC_URL": st.SCIMURL,
	}
	doc, err := fixtures.ParseEnv(fixtures.DemoYAML, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	body, err := doc.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	admin := http.Header{"Authorization": {"SSWS " + st.IDPToken}}
	call(t, http.MethodPost, st.IDPURL+"/_sim/fixtures", admin, body, http.StatusOK, nil)
	call(t, http.MethodPost, st.IDPURL+"/_sim/wait?timeout=60s", admin, nil, http.StatusOK, nil)

	bearer := http.Header{"Authorization": {"Bearer " + st.SCIMToken}}
	var users struct {
		Resources []struct {
			UserName string `json:"userName"`
		}
	}
	call(t, http.MethodGet, st.SCIMURL+"/Users?count=500", bearer, nil, http.StatusOK, &users)
	var got []string
	for _, u := range users.Resources {
		got = append(got, u.UserName)
	}
	slices.Sort(got)
	if want := assignedLogins(doc); !slices.Equal(got, want) {
		t.Errorf("SCIM users after the push:\n got %q\nwant %q", got, want)
	}

	var groups struct {
		Resources []struct {
			DisplayName string `json:"displayName"`
			Members     []struct {
				Value string `json:"value"`
			} `json:"members"`
		}
	}
	call(t, http.MethodGet, st.SCIMURL+"/Groups?count=500", bearer, nil, http.StatusOK, &groups)
	members := map[string]int{}
	for _, g := range groups.Resources {
		members[g.DisplayName] = len(g.Members)
	}
	for _, m := range doc.Apps[0].PushMappings {
		want := len(groupByID(doc, m.SourceGroupID).Members)
		if got, ok := members[m.TargetGroupName]; !ok || got != want {
			t.Errorf("pushed group %s: %d members (found %t), want %d",
				m.TargetGroupName, got, ok, want)
		}
	}
}

// assignedLogins are the logins of the users the demo app is assigned,
// directly or through a group, sorted.
func assignedLogins(doc *fixtures.Document) []string {
	ids := map[string]bool{}
	a := doc.Apps[0].Assignments
	for _, u := range a.Users {
		ids[u.ID] = true
	}
	for _, g := range a.Groups {
		for _, id := range groupByID(doc, g).Members {
			ids[id] = true
		}
	}
	var logins []string
	for _, u := range doc.Users {
		if ids[u.ID] {
			logins = append(logins, u.Profile.Login)
		}
	}
	slices.Sort(logins)
	return logins
}

func groupByID(doc *fixtures.Document, id string) fixtures.Group {
	for _, g := range doc.Groups {
		if g.ID == id {
			return g
		}
	}
	return fixtures.Group{}
}

// runSuite runs the conformance features with cfg and fails the test if a
// scenario fails or none passes.
func runSuite(t *testing.T, cfg harness.Config) {
	t.Helper()
	var out bytes.Buffer
	cfg.Output, cfg.NoColor, cfg.Cleanup = &out, true, true
	res, err := harness.Run(t.Context(), cfg)
	if err != nil {
		t.Fatalf("run suite: %v\n%s", err, out.String())
	}
	var sum bytes.Buffer
	res.WriteSummary(&sum)
	t.Log(strings.TrimSpace(sum.String()))
	if !res.OK() {
		t.Errorf("conformance suite failed against the containers:\n%s", out.String())
	}
}
