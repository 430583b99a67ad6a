import { StringDecoder } from 'node:string_decoder';

/**
 * Text from a byte stream that arrives in chunks (a command's output over SSH): a UTF-8 character split
 * across two chunks is decoded once both halves are in, not as two replacement characters.
 */
export interface Utf8Stream {
  write(chunk: Buffer | string): void;
  /** Whatever an unfinished character at the end leaves (a replacement character), then nothing more. */
  end(): void;
}

export function utf8Stream(onText: (text: string) => void): Utf8Stream {
  const decoder = new StringDecoder('utf8');
  const emit = (s: string) => {
    if (s.length > 0) onText(s);
  };
  return {
    write: (chunk) => emit(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
    end: () => emit(decoder.end()),
  };
}
