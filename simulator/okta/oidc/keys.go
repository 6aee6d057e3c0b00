package oidc

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"sync"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// keySet is the provider's one signing key and its public JWK. A key the
// configuration does not give is generated on first use, not in New:
// RSA-2048 generation takes 20 to 200 ms, most of idpsim's start-up, and
// a simulator that never signs a token (every SCIM-only test) never pays.
type keySet struct {
	given *rsa.PrivateKey

	once   sync.Once
	signer jose.Signer
	public jose.JSONWebKey
	err    error
}

// newKeySet prepares a given key at once, so that a bad one fails New.
func newKeySet(key *rsa.PrivateKey) (*keySet, error) {
	k := &keySet{given: key}
	if key == nil {
		return k, nil
	}
	if err := k.load(); err != nil {
		return nil, err
	}
	return k, nil
}

// load generates the key when none was given and prepares the signer, once.
func (k *keySet) load() error {
	k.once.Do(func() { k.signer, k.public, k.err = prepareKey(k.given) })
	return k.err
}

func prepareKey(key *rsa.PrivateKey) (jose.Signer, jose.JSONWebKey, error) {
	if key == nil {
		var err error
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, jose.JSONWebKey{}, fmt.Errorf("generate signing key: %w", err)
		}
	}

	public := jose.JSONWebKey{Key: key.Public(), Algorithm: string(jose.RS256), Use: "sig"}
	thumb, err := public.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, public, fmt.Errorf("compute key id: %w", err)
	}
	public.KeyID = base64.RawURLEncoding.EncodeToString(thumb)

	private := jose.JSONWebKey{Key: key, KeyID: public.KeyID, Algorithm: string(jose.RS256)}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: private}, opts)
	if err != nil {
		return nil, public, fmt.Errorf("create signer: %w", err)
	}
	return signer, public, nil
}

func (k *keySet) jwks() (jose.JSONWebKeySet, error) {
	if err := k.load(); err != nil {
		return jose.JSONWebKeySet{}, err
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.public}}, nil
}

// sign serializes claims as a compact RS256 JWT.
func (k *keySet) sign(claims any) (string, error) {
	if err := k.load(); err != nil {
		return "", err
	}
	raw, err := jwt.Signed(k.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return raw, nil
}

// verify checks a JWT's signature against the provider's key and decodes
// its claims. Expiry is the caller's business (an id_token_hint may be
// expired, OIDC RP-Initiated Logout §2).
func (k *keySet) verify(raw string, dest any) error {
	if err := k.load(); err != nil {
		return err
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return fmt.Errorf("parse token: %w", err)
	}
	if err := tok.Claims(k.public.Key, dest); err != nil {
		return fmt.Errorf("verify token: %w", err)
	}
	return nil
}
