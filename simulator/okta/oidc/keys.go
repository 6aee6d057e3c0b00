package oidc

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// keySet is the provider's one signing key and its public JWK.
type keySet struct {
	signer jose.Signer
	public jose.JSONWebKey
}

func newKeySet(key *rsa.PrivateKey) (*keySet, error) {
	if key == nil {
		var err error
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, fmt.Errorf("generate signing key: %w", err)
		}
	}

	public := jose.JSONWebKey{Key: key.Public(), Algorithm: string(jose.RS256), Use: "sig"}
	thumb, err := public.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("compute key id: %w", err)
	}
	public.KeyID = base64.RawURLEncoding.EncodeToString(thumb)

	private := jose.JSONWebKey{Key: key, KeyID: public.KeyID, Algorithm: string(jose.RS256)}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: private}, opts)
	if err != nil {
		return nil, fmt.Errorf("create signer: %w", err)
	}
	return &keySet{signer: signer, public: public}, nil
}

func (k *keySet) jwks() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.public}}
}

// sign serializes claims as a compact RS256 JWT.
func (k *keySet) sign(claims any) (string, error) {
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
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return fmt.Errorf("parse token: %w", err)
	}
	if err := tok.Claims(k.public.Key, dest); err != nil {
		return fmt.Errorf("verify token: %w", err)
	}
	return nil
}
