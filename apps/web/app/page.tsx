export default function Home() {
  return <main className="p-4 font-sans">objscope</main>;
}
