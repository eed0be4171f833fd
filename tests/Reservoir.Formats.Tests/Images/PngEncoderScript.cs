namespace Reservoir.Formats.Tests.Images;

/// <summary>
/// A deliberately plain Python PNG encoder for the cases PIL cannot write (Adam7, every filter type in turn,
/// 2/4-bit gray, 16-bit colour, palette alpha). Each file is checked by PIL before our decoder reads it.
/// Prints "max:", "channels:" and "samples:" (the expected stored values after palette expansion).
/// </summary>
internal static class PngEncoderScript
{
    public const string Source = """
        import sys, struct, zlib, numpy as np
        from PIL import Image
        path, color, depth, interlace, w, h = sys.argv[1], *map(int, sys.argv[2:7])
        rng = np.random.default_rng(depth * 100 + color * 10 + interlace)
        ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
        top = (1 << depth) - 1
        entries = min(top + 1, 7) if color == 3 else 0
        arr = rng.integers(0, (entries - 1 if color == 3 else top) + 1, size=(h, w, ch))
        arr[0, 0, :] = 0 if color == 3 else top
        def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
        def pack(samples):
            if depth == 16: return b''.join(struct.pack('>H', int(s)) for s in samples)
            if depth == 8: return bytes(int(s) for s in samples)
            bits = ''.join(format(int(s), '0%db' % depth) for s in samples)
            bits += '0' * (-len(bits) % 8)
            return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
        def filt(ft, row, prev, bpp):
            out = bytearray(len(row))
            for i in range(len(row)):
                a = row[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                if ft == 0: p = 0
                elif ft == 1: p = a
                elif ft == 2: p = b
                elif ft == 3: p = (a + b) // 2
                else:
                    q = a + b - c; pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                out[i] = (row[i] - p) & 255
            return bytes([ft]) + bytes(out)
        bpp = max(1, ch * depth // 8)
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] if interlace else [(0, 0, 1, 1)]
        raw, n = b'', 0
        for x0, y0, dx, dy in passes:
            sub = arr[y0::dy, x0::dx]
            if sub.shape[0] == 0 or sub.shape[1] == 0: continue
            prev = bytes(len(pack(sub[0].ravel())))
            for r in sub:
                row = pack(r.ravel())
                raw += filt(n % 5, row, prev, bpp); n += 1
                prev = row
        png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, color, 0, 0, interlace))
        png += chunk(b'tEXt', b'Comment\x00an ancillary chunk to skip')
        expected, mx = arr, top
        if color == 3:
            pal = rng.integers(0, 256, size=(entries, 3))
            alpha = rng.integers(0, 256, size=entries - 2)
            png += chunk(b'PLTE', bytes(int(v) for v in pal.ravel())) + chunk(b'tRNS', bytes(int(v) for v in alpha))
            full_alpha = np.concatenate([alpha, [255, 255]])
            expected, mx = np.concatenate([pal[arr[..., 0]], full_alpha[arr[..., 0]][..., None]], axis=2), 255
        z = zlib.compress(raw)
        png += chunk(b'IDAT', z[:len(z) // 2]) + chunk(b'IDAT', z[len(z) // 2:]) + chunk(b'IEND', b'')
        open(path, 'wb').write(png)
        im = Image.open(path); im.load()
        if color == 3: assert np.array_equal(np.asarray(im.convert('RGBA')), expected)
        elif depth == 8: assert np.array_equal(np.asarray(im).reshape(h, w, ch), arr), 'PIL disagrees'
        print('max:', mx)
        print('channels:', expected.shape[2])
        print('samples:', *[str(int(v)) for v in expected.ravel()])
        """;
}
