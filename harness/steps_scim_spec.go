package harness

import (
	"context"
	"fmt"

	"github.com/idpsim/idpsim/harness/scimspec"
)

// openSCIMSession starts the protocol checks' session on the target's SCIM
// endpoint; what the checks create carries the scenario's prefix and is
// deleted when the scenario ends.
func (w *world) openSCIMSession(context.Context) error {
	w.spec = scimspec.NewSession(w.space.scim, w.space.prefix)
	return nil
}

// passesCheck runs one check of the shared list (harness/scimspec).
func (w *world) passesCheck(ctx context.Context, name string) error {
	c, ok := scimspec.Lookup(name)
	if !ok {
		return fmt.Errorf("no SCIM check called %q in harness/scimspec", name)
	}
	if w.spec == nil {
		return fmt.Errorf("no SCIM service under test: add the step that names it")
	}
	return explain(c.Run(ctx, w.spec))
}
