// Package wire is the Telegram Bot API wire format as the simulator speaks it:
// decoding a request's parameters in every encoding Telegram accepts,
// validating them against the vendored official API description, parsing
// formatted text into entities, and writing answers and errors with the texts
// Telegram uses.
package wire
