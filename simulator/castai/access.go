package castai

import (
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// Access is one role a user holds on one scope, and where it comes from.
type Access struct {
	RoleID   string       `json:"roleId"`
	RoleName string       `json:"roleName"`
	Scope    store.Scope  `json:"scope"`
	Source   AccessSource `json:"source"`
}

// AccessSource says why a user holds an Access: a new-joiner binding, a
// binding naming the user, or a binding naming a group the user is in.
type AccessSource struct {
	Kind      string `json:"kind"`
	BindingID string `json:"bindingId"`
	GroupID   string `json:"groupId,omitempty"`
	GroupName string `json:"groupName,omitempty"`
}

// Access source kinds.
const (
	SourceKindNewJoiner = "new-joiner"
	SourceKindUser      = "user"
	SourceKindGroup     = "group"
)

// effectiveAccess lists everything u holds now. An inactive user holds
// nothing (decision 4); leaving a group removes the access its bindings gave
// (decision 5) unless the keep-access-after-group-removal defect is on.
func (s *Server) effectiveAccess(u store.User) []Access {
	out := []Access{}
	if !u.Active {
		return out
	}
	groups, _ := s.store.UserGroups(u.ID)
	names := map[string]string{}
	subjects := []store.Subject{{User: &store.IDRef{ID: u.ID}}}
	for _, g := range groups {
		names[g.ID] = g.DisplayName
		subjects = append(subjects, store.Subject{Group: &store.IDRef{ID: g.ID}})
	}
	for gid := range s.leftGroups(u.ID) {
		if _, still := names[gid]; !still {
			if g, err := s.store.Group(gid); err == nil {
				names[gid] = g.DisplayName
				subjects = append(subjects, store.Subject{Group: &store.IDRef{ID: gid}})
			}
		}
	}

	for _, b := range s.store.BindingsFor(subjects...) {
		role, _ := roleByID(b.RoleID)
		for _, subj := range b.Subjects {
			src, ok := accessSource(b, subj, u.ID, names)
			if !ok {
				continue
			}
			for _, scope := range b.Scopes {
				out = append(out, Access{
					RoleID: b.RoleID, RoleName: role.Name,
					Scope: scope, Source: src,
				})
			}
		}
	}
	return out
}

func accessSource(b store.RoleBinding, subj store.Subject, userID string,
	groupNames map[string]string,
) (AccessSource, bool) {
	switch {
	case subj.User != nil && subj.User.ID == userID:
		kind := SourceKindUser
		if b.Source == store.SourceNewJoiner {
			kind = SourceKindNewJoiner
		}
		return AccessSource{Kind: kind, BindingID: b.ID}, true
	case subj.Group != nil:
		name, ok := groupNames[subj.Group.ID]
		if !ok {
			return AccessSource{}, false
		}
		return AccessSource{
			Kind: SourceKindGroup, BindingID: b.ID,
			GroupID: subj.Group.ID, GroupName: name,
		}, true
	}
	return AccessSource{}, false
}

// grantNewJoiner binds a user created over SCIM to the default role of the
// connection that created it, at organization scope (decision 3).
func (s *Server) grantNewJoiner(u store.User, conn store.Connection) {
	roleID := conn.DefaultRoleID
	if roleID == "" || s.defects.on(DefectIgnoreDefaultRole) {
		roleID = RoleViewer
	}
	_, err := s.store.CreateBinding(store.RoleBinding{
		Name:        "new joiner " + u.UserName,
		Description: "Default role of SSO connection " + conn.Name + " for a new joiner",
		RoleID:      roleID,
		Scopes:      []store.Scope{{Organization: &store.IDRef{ID: s.cfg.OrgID}}},
		Subjects:    []store.Subject{{User: &store.IDRef{ID: u.ID}}},
		Source:      store.SourceNewJoiner,
	})
	if err != nil {
		s.log.Error("grant new joiner role", "user_id", u.ID, "err", err)
	}
}

// rememberLeavers records, for the keep-access-after-group-removal defect,
// the users that left a group.
func (s *Server) rememberLeavers(groupID string, userIDs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lingering == nil {
		s.lingering = map[string]map[string]bool{}
	}
	for _, uid := range userIDs {
		if s.lingering[uid] == nil {
			s.lingering[uid] = map[string]bool{}
		}
		s.lingering[uid][groupID] = true
	}
}

func (s *Server) leftGroups(userID string) map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]bool{}
	for gid := range s.lingering[userID] {
		out[gid] = true
	}
	return out
}

// dropGroupBindings deletes the bindings that name a group, for the
// sync-clears-role-bindings defect.
func (s *Server) dropGroupBindings(groupID string) {
	for _, b := range s.store.BindingsFor(store.Subject{Group: &store.IDRef{ID: groupID}}) {
		_ = s.store.DeleteBinding(b.ID)
	}
}
