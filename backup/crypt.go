package backup

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A backup file is encrypted with AES-256-GCM in chunks, so that a large
// database need not fit in memory. The file starts with magic and a random
// 8-byte nonce prefix; each chunk is a 4-byte length and the sealed chunk,
// whose nonce is the prefix and the chunk's number. The additional data says
// whether a chunk is the last, so a file cut short, reordered or extended
// does not open.
const (
	magic     = "ROTONDE-BACKUP-1\n"
	chunkSize = 64 << 10
)

// ErrBadKeyOrDamaged is returned when a backup does not open with the key.
var ErrBadKeyOrDamaged = errors.New("de back-up opent niet met deze sleutel of is beschadigd (the backup does not open with this key or is damaged)")

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("backup: key must be 32 bytes, got %d", len(key))
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

type encWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix [8]byte
	n      uint32
	buf    []byte
	closed bool
}

// NewWriter returns a writer that encrypts what is written to it into w.
// Close writes the last chunk; without it the file does not open.
func NewWriter(w io.Writer, key []byte) (io.WriteCloser, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	e := &encWriter{w: w, aead: aead, buf: make([]byte, 0, chunkSize)}
	if _, err := rand.Read(e.prefix[:]); err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, magic); err != nil {
		return nil, err
	}
	if _, err := w.Write(e.prefix[:]); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *encWriter) nonce() []byte {
	nonce := make([]byte, 12)
	copy(nonce, e.prefix[:])
	binary.BigEndian.PutUint32(nonce[8:], e.n)
	return nonce
}

func (e *encWriter) flush(last bool) error {
	ad := []byte{0}
	if last {
		ad[0] = 1
	}
	sealed := e.aead.Seal(nil, e.nonce(), e.buf, ad)
	e.n++
	if e.n == 0 {
		return errors.New("backup: too many chunks")
	}
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(sealed)))
	if _, err := e.w.Write(l[:]); err != nil {
		return err
	}
	_, err := e.w.Write(sealed)
	e.buf = e.buf[:0]
	return err
}

func (e *encWriter) Write(p []byte) (int, error) {
	if e.closed {
		return 0, errors.New("backup: write after close")
	}
	n := 0
	for len(p) > 0 {
		k := min(len(p), chunkSize-len(e.buf))
		e.buf = append(e.buf, p[:k]...)
		p, n = p[k:], n+k
		if len(e.buf) == chunkSize {
			if err := e.flush(false); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (e *encWriter) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	return e.flush(true)
}

type decReader struct {
	r      *bufio.Reader
	aead   cipher.AEAD
	prefix [8]byte
	n      uint32
	buf    []byte
	done   bool
}

// NewReader returns a reader of the plain content of an encrypted backup.
// Every chunk is authenticated before it is handed out; a wrong key, a
// changed byte or a missing end gives ErrBadKeyOrDamaged.
func NewReader(r io.Reader, key []byte) (io.Reader, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	d := &decReader{r: bufio.NewReader(r), aead: aead}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(d.r, head); err != nil || string(head) != magic {
		return nil, errors.New("dit is geen Rotonde-back-up (not a Rotonde backup)")
	}
	if _, err := io.ReadFull(d.r, d.prefix[:]); err != nil {
		return nil, ErrBadKeyOrDamaged
	}
	return d, nil
}

func (d *decReader) next() error {
	var l [4]byte
	if _, err := io.ReadFull(d.r, l[:]); err != nil {
		return ErrBadKeyOrDamaged // ended before the last chunk
	}
	size := binary.BigEndian.Uint32(l[:])
	if size > chunkSize+uint32(d.aead.Overhead()) {
		return ErrBadKeyOrDamaged
	}
	sealed := make([]byte, size)
	if _, err := io.ReadFull(d.r, sealed); err != nil {
		return ErrBadKeyOrDamaged
	}
	nonce := make([]byte, 12)
	copy(nonce, d.prefix[:])
	binary.BigEndian.PutUint32(nonce[8:], d.n)
	d.n++
	for _, last := range []byte{0, 1} {
		if plain, err := d.aead.Open(nil, nonce, sealed, []byte{last}); err == nil {
			d.buf, d.done = plain, last == 1
			if d.done {
				if _, err := d.r.ReadByte(); err != io.EOF {
					return ErrBadKeyOrDamaged // something after the last chunk
				}
			}
			return nil
		}
	}
	return ErrBadKeyOrDamaged
}

func (d *decReader) Read(p []byte) (int, error) {
	for len(d.buf) == 0 {
		if d.done {
			return 0, io.EOF
		}
		if err := d.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, d.buf)
	d.buf = d.buf[n:]
	return n, nil
}
