package intake

import (
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
)

// webhookMaxBody bounds the body of one webhook delivery. Telegram's updates
// are a few kilobytes; 1 MiB leaves room for the largest.
const webhookMaxBody = 1 << 20

// webhookSecretHeader carries the secret_token given to setWebhook.
const webhookSecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler returns the http.Handler Telegram delivers updates to in
// webhook mode. Each update is stored before the 200 that confirms it.
//
//   - secret set and the X-Telegram-Bot-Api-Secret-Token header missing or
//     different (compared in constant time): 401;
//   - not a POST: 405; a body over 1 MiB: 413;
//   - a body that is not a JSON update with an update_id: 400;
//   - stored, or recognised as already stored: 200;
//   - Redis failing: 500, and Telegram delivers the update again later;
//     Config.Unstored hears of it the first time.
//
// Telegram may deliver several updates at once (setWebhook's
// max_connections); the stream then holds them in the order their stores
// finished, and a chat's updates are handled in that order. Set
// max_connections to 1 when one chat's updates must keep update_id order
// even when they arrive within milliseconds of each other.
func (in *Intake) WebhookHandler(secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secret != "" {
			got := r.Header.Get(webhookSecretHeader)
			if subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, webhookMaxBody))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		stored, err := in.Store(r.Context(), body)
		switch {
		case errors.Is(err, ErrInvalidUpdate):
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		case err != nil:
			in.log.Error("intake: webhook: store failed", "err", err)
			in.notStored(r.Context(), body)
			http.Error(w, "not stored", http.StatusInternalServerError)
			return
		}
		if !stored {
			in.log.Debug("intake: webhook: duplicate dropped")
		}
		w.WriteHeader(http.StatusOK)
	})
}
