package castai

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestDiscoveryGolden pins the discovery documents, which describe exactly
// what castsim supports. Run with -update after a deliberate change.
func TestDiscoveryGolden(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ path, file string }{
		{"/scim/v2/ServiceProviderConfig", "service-provider-config.json"},
		{"/scim/v2/ResourceTypes", "resource-types.json"},
		{"/scim/v2/Schemas", "schemas.json"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := e.do("GET", tc.path, "", nil)
			mustCode(t, r, 200)
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, r.body, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			golden := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.WriteFile(golden, pretty.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("%s differs from %s:\n%s", tc.path, golden, pretty.Bytes())
			}
		})
	}
}
