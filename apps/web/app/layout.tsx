import type { ReactNode } from 'react';
import './globals.css';

export const metadata = { title: 'objscope', description: 'Windows Object Manager namespace explorer' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>{children}</body>
    </html>
  );
}
