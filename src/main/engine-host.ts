// Entry point of the engine process (Electron utility process in the app; a Node child process
// in tests and the test bridge). All image decoding and inference happens here, never in main.
import { availableMethods, extractPalette } from './engine'
import { currentProcessTransport, runHost } from './engine-host-core'

runHost(currentProcessTransport(), extractPalette, availableMethods)
