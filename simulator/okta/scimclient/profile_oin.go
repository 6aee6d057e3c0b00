package scimclient

import (
	"context"

	"github.com/idpsim/idpsim/scim"
)

// oinProfile is Okta's client for catalog (OIN) apps, including the "SCIM
// 2.0 Test App (OAuth Bearer Token)" of Cast AI's guide: path-less PATCH for
// (de)activation and rename, filtered removes and batched adds for members.
type oinProfile struct{}

// UpdateUser sends GET /Users/{id}, then PUT of the answer with mapped laid
// over it.
func (oinProfile) UpdateUser(ctx context.Context, c *Client, tag Tag, id string,
	mapped map[string]any,
) error {
	return c.getPut(ctx, tag, userPath(id), mapped)
}

// SetUserActive sends {"op":"replace","value":{"active":b}}: lower-case op,
// no path (OKTA-WIRE.md, Users step 4).
func (oinProfile) SetUserActive(ctx context.Context, c *Client, tag Tag, id string,
	active bool,
) error {
	return c.Patch(ctx, tag, userPath(id), PatchOp{
		Op: scim.PatchOpReplace,
		Value: struct {
			Active bool `json:"active"`
		}{active},
	})
}

// RenameGroup sends the path-less {"op":"replace","value":{"id","displayName"}}.
func (oinProfile) RenameGroup(ctx context.Context, c *Client, tag Tag, id,
	displayName string,
) error {
	return c.Patch(ctx, tag, groupPath(id), renameOp(id, displayName))
}

func renameOp(id, displayName string) PatchOp {
	return PatchOp{Op: scim.PatchOpReplace, Value: struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	}{id, displayName}}
}

// UpdateMembers sends, per batch of at most BatchSize changes, the rename
// reassertion and then one PATCH holding a remove per leaving member (path
// members[value eq "<id>"], no value) followed by one add (path members,
// value [{value, display}]). Without any change only the reassertion goes.
func (p oinProfile) UpdateMembers(ctx context.Context, c *Client, tag Tag, id,
	displayName string, add []scim.Member, remove []string,
) error {
	chunks := batches(add, remove, c.cfg.BatchSize)
	if len(chunks) == 0 {
		return p.RenameGroup(ctx, c, tag, id, displayName)
	}
	for _, chunk := range chunks {
		if err := p.RenameGroup(ctx, c, tag, id, displayName); err != nil {
			return err
		}
		if err := c.Patch(ctx, tag, groupPath(id), memberOps(chunk)...); err != nil {
			return err
		}
	}
	return nil
}

func memberOps(chunk []memberChange) []PatchOp {
	var ops []PatchOp
	var adds []scim.Member
	for _, ch := range chunk {
		if ch.add != nil {
			adds = append(adds, *ch.add)
			continue
		}
		ops = append(ops, PatchOp{Op: scim.PatchOpRemove, Path: memberFilterPath(ch.remove)})
	}
	if len(adds) > 0 {
		ops = append(ops, PatchOp{Op: scim.PatchOpAdd, Path: "members", Value: wireMembers(adds)})
	}
	return ops
}

// ReplaceMembers sends the rename reassertion, then a replace of the whole
// member list in the app's Push Now shape. A list longer than BatchSize is
// sent as the replace of the first batch, then one add per further batch,
// each after its own reassertion, so no PATCH carries more than BatchSize
// members.
func (p oinProfile) ReplaceMembers(ctx context.Context, c *Client, tag Tag, id,
	displayName string, members []scim.Member,
) error {
	size := c.cfg.BatchSize
	first := members[:min(size, len(members))]
	if err := p.RenameGroup(ctx, c, tag, id, displayName); err != nil {
		return err
	}
	if err := c.Patch(ctx, tag, groupPath(id), replaceOp(c.cfg.PushNowShape, first)); err != nil {
		return err
	}
	for rest := members[len(first):]; len(rest) > 0; {
		n := min(size, len(rest))
		if err := p.RenameGroup(ctx, c, tag, id, displayName); err != nil {
			return err
		}
		if err := c.Patch(ctx, tag, groupPath(id), PatchOp{
			Op:   scim.PatchOpAdd,
			Path: "members", Value: wireMembers(rest[:n]),
		}); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// replaceOp is the Push Now operation: {"op":"replace","path":"members",
// "value":[…]} or, for the pathless shape, {"op":"replace","value":{"members":[…]}}.
func replaceOp(shape string, members []scim.Member) PatchOp {
	if shape == PushNowPathless {
		return PatchOp{Op: scim.PatchOpReplace, Value: struct {
			Members []scim.Member `json:"members"`
		}{wireMembers(members)}}
	}
	return PatchOp{Op: scim.PatchOpReplace, Path: "members", Value: wireMembers(members)}
}
