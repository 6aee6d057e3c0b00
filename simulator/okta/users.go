package okta

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"golang.org/x/crypto/bcrypt"
)

// requiredProfile are the attributes Okta's default user profile requires.
var requiredProfile = []string{"login", "email", "firstName", "lastName"}

func validateProfile(p Profile, required []string) error {
	var causes []string
	for _, k := range required {
		if p.String(k) == "" {
			causes = append(causes, k+": The field cannot be left blank")
		}
	}
	if len(causes) > 0 {
		return errValidation(causes...)
	}
	return nil
}

func hashPassword(pw string) ([]byte, error) {
	if pw == "" {
		return nil, nil
	}
	// The lowest cost keeps large fixtures fast; these are simulator users.
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		return nil, errValidation("password: " + err.Error())
	}
	return h, nil
}

// CheckPassword reports whether pw is the user's password (for sign-in).
func (u User) CheckPassword(pw string) bool {
	return len(u.PasswordHash) > 0 && bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(pw)) == nil
}

// NewUser describes a user to create.
type NewUser struct {
	// ID pins the id; empty draws a new one.
	ID       string
	Profile  Profile
	Password string
	// Status is STAGED (not activated), ACTIVE, SUSPENDED or DEPROVISIONED.
	Status string
}

// CreateUser adds a user to the directory.
func (s *Sim) CreateUser(ctx context.Context, in NewUser) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createUser(ctx, in, requiredProfile)
}

func (s *Sim) createUser(ctx context.Context, in NewUser, required []string) (User, error) {
	if err := validateProfile(in.Profile, required); err != nil {
		return User{}, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	u := User{
		ID: in.ID, Status: in.Status, Created: now, LastUpdated: now,
		Profile: maps.Clone(in.Profile), PasswordHash: hash,
	}
	if u.ID == "" {
		u.ID = newID(prefixUser)
	}
	switch u.Status {
	case "":
		u.Status = StatusStaged
	case StatusStaged, StatusActive, StatusSuspended, StatusDeprovisioned, StatusProvisioned:
	default:
		return User{}, errValidation("status: unknown user status " + u.Status)
	}
	if u.Status != StatusStaged {
		u.Activated, u.StatusChanged = &now, &now
	}
	if hash != nil {
		u.PasswordChanged = &now
	}
	if err := s.store.CreateUser(ctx, u); errors.Is(err, ErrConflict) {
		return User{}, errValidation("login: An object with this field already exists in the " +
			"current organization")
	} else if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// lookupUser finds a user by id or login, as Okta's GET /users/{idOrLogin}.
func (s *Sim) lookupUser(ctx context.Context, idOrLogin string) (User, error) {
	u, err := s.store.GetUser(ctx, idOrLogin)
	if errors.Is(err, ErrNotFound) {
		u, err = s.store.GetUserByLogin(ctx, idOrLogin)
	}
	if errors.Is(err, ErrNotFound) {
		return User{}, errNotFoundResource(idOrLogin, "User")
	}
	return u, err
}

// UpdateUser changes a user's profile (partial: merged into it; otherwise
// replacing it) and password, and pushes the profile to its apps.
func (s *Sim) UpdateUser(ctx context.Context, id string, p Profile, partial bool,
	password string,
) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.lookupUser(ctx, id)
	if err != nil {
		return User{}, err
	}
	next := maps.Clone(p)
	if partial {
		next = maps.Clone(u.Profile)
		maps.Copy(next, p)
	}
	if err := validateProfile(next, []string{"login"}); err != nil {
		return User{}, err
	}
	same := func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
	changed := !maps.EqualFunc(u.Profile, next, same)
	u.Profile, u.LastUpdated = next, s.now()
	if password != "" {
		if u.PasswordHash, err = hashPassword(password); err != nil {
			return User{}, err
		}
		u.PasswordChanged = &u.LastUpdated
	}
	if err := s.store.UpdateUser(ctx, u); errors.Is(err, ErrConflict) {
		return User{}, errValidation("login: An object with this field already exists")
	} else if err != nil {
		return User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	if changed {
		return u, s.profileChanged(ctx, u)
	}
	return u, nil
}

// Lifecycle operations of POST /api/v1/users/{id}/lifecycle/{op}.
const (
	OpActivate   = "activate"
	OpReactivate = "reactivate"
	OpDeactivate = "deactivate"
	OpSuspend    = "suspend"
	OpUnsuspend  = "unsuspend"
)

// transitions maps an operation to the states it starts from and the state
// it ends in.
var transitions = map[string]struct {
	from []string
	to   string
}{
	OpActivate: {[]string{StatusStaged, StatusProvisioned, StatusDeprovisioned}, StatusActive},
	OpReactivate: {
		[]string{StatusProvisioned, StatusDeprovisioned, StatusRecovery},
		StatusActive,
	},
	OpDeactivate: {[]string{
		StatusStaged, StatusProvisioned, StatusActive, StatusSuspended,
		StatusRecovery, StatusPasswordExp, StatusLockedOut,
	}, StatusDeprovisioned},
	OpSuspend:   {[]string{StatusActive}, StatusSuspended},
	OpUnsuspend: {[]string{StatusSuspended}, StatusActive},
}

// Lifecycle moves a user through Okta's lifecycle and queues what follows:
// deactivation removes app assignments and deactivates the user in its apps;
// activation provisions it again where a group assigns it; suspension sends
// nothing.
func (s *Sim) Lifecycle(ctx context.Context, id, op string) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lifecycle(ctx, id, op)
}

func (s *Sim) lifecycle(ctx context.Context, id, op string) (User, error) {
	t, ok := transitions[op]
	if !ok {
		return User{}, errNotFoundResource(op, "lifecycle operation")
	}
	u, err := s.lookupUser(ctx, id)
	if err != nil {
		return User{}, err
	}
	if !slices.Contains(t.from, u.Status) {
		return User{}, lifecycleRefusal(op, u.Status)
	}
	now := s.now()
	prev := u.Status
	u.Status, u.StatusChanged, u.LastUpdated = t.to, &now, now
	if t.to == StatusActive && u.Activated == nil {
		u.Activated = &now
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return User{}, fmt.Errorf("%s user %s: %w", op, id, err)
	}
	if t.to == StatusDeprovisioned || t.to == StatusSuspended {
		s.endSessions(u.ID)
	}
	switch {
	case t.to == StatusDeprovisioned:
		err = s.userDeactivated(ctx, u.ID)
	case t.to == StatusActive && prev == StatusSuspended:
		// Assignments made while suspended are provisioned now.
		if err = s.userActivated(ctx, u); err == nil {
			err = s.unsuspended(ctx, u)
		}
	case t.to == StatusActive:
		err = s.userActivated(ctx, u)
	}
	return u, err
}

func lifecycleRefusal(op, status string) error {
	switch {
	case op == OpActivate && status == StatusActive:
		return &APIError{
			Status: http.StatusForbidden, Code: CodeAlreadyActive,
			Summary: "Activation failed because the user is already active",
		}
	case op == OpSuspend || op == OpUnsuspend:
		return errValidation(fmt.Sprintf("Cannot %s a user that is %s", op, status))
	}
	return errBadStatus(fmt.Sprintf("%s: user is %s", op, status))
}

// unsuspended pushes the memberships that changed while the user was
// suspended.
func (s *Sim) unsuspended(ctx context.Context, u User) error {
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if err := s.queueUserMappings(ctx, a.ID, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// DeleteUser deletes a deactivated user; a user in any other state is
// deactivated instead, as Okta's DELETE does.
func (s *Sim) DeleteUser(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.lookupUser(ctx, id)
	if err != nil {
		return err
	}
	if u.Status != StatusDeprovisioned {
		_, err := s.lifecycle(ctx, u.ID, OpDeactivate)
		return err
	}
	if err := s.store.DeleteUser(ctx, u.ID); err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	return nil
}

// createUserWithGroups creates a user and adds it to groupIDs, as Okta's
// create with "groupIds" does.
func (s *Sim) createUserWithGroups(ctx context.Context, in NewUser,
	groupIDs []string,
) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, gid := range groupIDs {
		if _, err := s.store.GetGroup(ctx, gid); err != nil {
			return User{}, errValidation("groupIds: group " + gid + " does not exist")
		}
	}
	u, err := s.createUser(ctx, in, requiredProfile)
	if err != nil {
		return User{}, err
	}
	for _, gid := range groupIDs {
		if err := s.addMember(ctx, gid, u.ID); err != nil {
			return u, err
		}
	}
	return u, nil
}
