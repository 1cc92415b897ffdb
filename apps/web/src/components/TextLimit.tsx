'use client';
// The one limit on typed name text (core's NAME_TEXT_MAX_LENGTH), enforced where it is typed: the
// input takes no more, and a line under it says why the rest did not go in, instead of the API's
// validation text blaming the directory or the search.
import { useState } from 'react';
import { NAME_TEXT_MAX_LENGTH } from '@objscope/core';
import { formatCount } from '../lib/format';

/** Props for an <input> that holds name text: its maxLength and a change handler that cuts at the limit. */
export function useTextLimit(onText: (text: string) => void) {
  const [cut, setCut] = useState(false);
  return {
    cut,
    inputProps: {
      maxLength: NAME_TEXT_MAX_LENGTH,
      onChange: (e: { target: { value: string } }) => {
        const v = e.target.value;
        // maxLength already stops typing; a paste or a script can still hand over more.
        setCut(v.length >= NAME_TEXT_MAX_LENGTH);
        onText(v.slice(0, NAME_TEXT_MAX_LENGTH));
      },
    },
  };
}

export function TextLimitNote({ cut, what, testid }: { cut: boolean; what: string; testid: string }) {
  if (!cut) return null;
  return (
    <span role="status" data-testid={testid} className="whitespace-nowrap text-[12px] text-[var(--color-warn)]">
      {what} is at most {formatCount(NAME_TEXT_MAX_LENGTH)} characters: the rest was not taken
    </span>
  );
}
