// The engine process in the app: an Electron utility process (a Node process without a window),
// so onnxruntime's blocking run() and any native crash stay out of the main process.
import { utilityProcess } from 'electron'
import type { EngineProcess, ForkEngine } from './engine-client'

export function utilityEngineFork(hostModule: string, env: NodeJS.ProcessEnv): ForkEngine {
  return (): EngineProcess => {
    const child = utilityProcess.fork(hostModule, [], { serviceName: 'Palette Studio engine', stdio: 'inherit', env })
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      kill: () => void child.kill()
    }
  }
}
