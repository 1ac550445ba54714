/*
 * Reference answers from the real Leptonica (Debian libleptonica-dev) for our tests.
 *
 *   checker mc FILE...            for each file: "file NAME", "n N", then N lines
 *                                 "R G B COUNT": the colormap of
 *                                 pixMedianCutQuantGeneral(pix, 0, 8, 5, 5, 1, 0)
 *                                 in index order with pixGetCmapHistogram counts.
 *   checker scale FILE SX SY OUT  pixScaleAreaMap(pix, SX, SY); prints "W H" and
 *                                 writes W*H*3 bytes of RGB to OUT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>

static PIX *read_rgb(const char *path) {
    PIX *pix = pixRead(path);
    if (!pix) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    PIX *pix32 = pixConvertTo32(pix);
    pixDestroy(&pix);
    return pix32;
}

static int median_cut(const char *path) {
    PIX *pix = read_rgb(path);
    PIX *quant = pixMedianCutQuantGeneral(pix, 0, 8, 5, 5, 1, 0);
    if (!quant) {
        fprintf(stderr, "median cut failed on %s\n", path);
        return 3;
    }
    PIXCMAP *cmap = pixGetColormap(quant);
    NUMA *hist = pixGetCmapHistogram(quant, 1);
    int n = pixcmapGetCount(cmap);
    printf("file %s\nn %d\n", path, n);
    for (int i = 0; i < n; i++) {
        l_int32 r, g, b, count;
        pixcmapGetColor(cmap, i, &r, &g, &b);
        numaGetIValue(hist, i, &count);
        printf("%d %d %d %d\n", r, g, b, count);
    }
    numaDestroy(&hist);
    pixDestroy(&quant);
    pixDestroy(&pix);
    return 0;
}

static int scale(const char *path, float sx, float sy, const char *out) {
    PIX *pix = read_rgb(path);
    PIX *scaled = pixScaleAreaMap(pix, sx, sy);
    if (!scaled) {
        fprintf(stderr, "pixScaleAreaMap failed on %s\n", path);
        return 3;
    }
    l_int32 w, h;
    pixGetDimensions(scaled, &w, &h, NULL);
    FILE *fp = fopen(out, "wb");
    if (!fp) {
        fprintf(stderr, "cannot write %s\n", out);
        return 2;
    }
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            l_int32 r, g, b;
            pixGetRGBPixel(scaled, x, y, &r, &g, &b);
            unsigned char rgb[3] = {(unsigned char)r, (unsigned char)g, (unsigned char)b};
            fwrite(rgb, 1, 3, fp);
        }
    }
    fclose(fp);
    printf("%d %d\n", w, h);
    pixDestroy(&scaled);
    pixDestroy(&pix);
    return 0;
}

int main(int argc, char **argv) {
    setLeptDebugOK(0);
    if (argc >= 3 && strcmp(argv[1], "mc") == 0) {
        for (int i = 2; i < argc; i++) {
            int rc = median_cut(argv[i]);
            if (rc) return rc;
        }
        return 0;
    }
    if (argc == 6 && strcmp(argv[1], "scale") == 0)
        return scale(argv[2], (float)atof(argv[3]), (float)atof(argv[4]), argv[5]);
    fprintf(stderr, "usage: checker mc FILE... | checker scale FILE SX SY OUT\n");
    return 1;
}
