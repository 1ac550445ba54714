import { SWATCH_FORMATS } from '../main/formats'
import { METHODS } from '../shared/palette'
import { VIDEO_EXTENSIONS } from '../main/engine'
import { DEFAULT_METHOD, DEFAULT_SAMPLING, FALLBACK_METHOD } from './extract-args'
import { IMAGE_EXTENSIONS } from './find-images'

export const MAIN_HELP = `Usage: palette-studio <command> [options]

Commands:
  extract <files or folders...>   Take the palette of each image (run "palette-studio extract --help")

Options:
  -h, --help      Show this help
  -v, --version   Show the version
`

export const EXTRACT_HELP = `Usage: palette-studio extract <files or folders...> [options]

Takes a five-colour palette from each image. Folders are searched, subfolders included,
for images ending in ${IMAGE_EXTENSIONS.join(' ')} (hidden files and folders are skipped).
Films named on the command line give one palette per sampled frame, with the frame's time:
${VIDEO_EXTENSIONS.join(' ')}
(reading them needs ffmpeg and ffprobe on the PATH).
An animated GIF gives its first frame, or with --frames or --every, its frames as a film does.
"-" reads one image from standard input (cat photo.jpg | palette-studio extract -);
a file named "-" is ./-. Among several images, its --export file is named after "stdin".
A pipe named as a file (<(cat photo.jpg), /dev/stdin under a pipe) is not read: use "-".

Options:
  -m, --method <name>   ${METHODS.join(' | ')} (default: ${DEFAULT_METHOD}, or ${FALLBACK_METHOD}
                        when the neural models are not installed)
  -o, --export <file>   Also save the palette as a swatch file: ${SWATCH_FORMATS.map((f) => `.${f}`).join(' ')}
                        (.ase for Adobe apps, .gpl for GIMP, Inkscape and Krita, .css custom properties).
                        With one image the palette goes to <file> itself. With several, each image
                        gets its own file next to <file>, named after the image:
                          --export out/pal.gpl  photos/beach.jpg photos/city.png
                          writes out/pal-beach.gpl and out/pal-city.gpl
                        (a number is added when two images share a name: pal-beach-2.gpl).
                        A swatch file already there under that name is replaced, unless it is
                        read-only. An image whose every pixel is transparent has no colours: its
                        file is not saved (exit 1).
                        Give --export once; for another format, run extract again.
      --backbone <name> Neural method: rdn (default) or rrdn, the backbone whose trained
                        generator and agent to run (the paper compares backbones)
      --cpu             Neural method: run on the CPU even when a GPU is available
      --frames <n>      Films and animated GIFs: n frames spread evenly over the whole film
                        (default for films: ${'frames' in DEFAULT_SAMPLING ? DEFAULT_SAMPLING.frames : 20})
      --every <time>    Films and animated GIFs: instead, one frame from the middle of each
                        <time> of the film, as the app's strip samples (a last, shorter stretch
                        only when it is at least half of <time>; a film shorter than <time>
                        gives one frame, from its middle): 2s, 0.5s, 500ms, 1m
      --json            One JSON line per image on stdout instead of the table:
                        {"file","method","swatches":[{"hex","rgb","share"}],"ms"[,"pages"][,"export"]
                         [,"agentSteps","provider"[,"providerFallbacks"] (neural)]}
                        "providerFallbacks": [{"provider","error"}], the GPU tried first and why it did not run
                        "pages": frames of an animation or pages of a TIFF; only the first is read
                        films and sampled GIFs: {"file","frame","time","method","swatches","ms"}
                        per frame, time in seconds,
                        then {"file","frames","export"} with --export
      --progress        Always show the progress bar on stderr
      --no-progress     Never show it (by default it shows when stderr is a terminal and
                        there are more than a few images); of --progress and --no-progress,
                        the last one given counts
  -h, --help            Show this help, whatever else is on the line

Each option that takes a value is given once: a second --method, --export, --frames, --every
or --backbone is refused. --frames and --every with no film or animated GIF among the files
only print a note.
A file or folder that cannot be read prints one line on stderr and the others still go ahead.
Exit status: 0 all done, 1 some file failed, 2 the command was called wrongly;
130, 143 or 129 when stopped by Ctrl-C, SIGTERM or SIGHUP;
141 when the output's reader left (| head) before the run was done: the rest is left undone.
`
